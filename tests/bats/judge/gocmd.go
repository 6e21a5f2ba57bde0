// SPDX-License-Identifier: GPL-2.0-or-later
// SPDX-FileCopyrightText: 2026 The sealtools authors
// A static Go program (no cgo): its runtime starts programs by raw
// system calls.  Runs each argument as "sh -c ARG"-free argv: PATH ARG...
// separated by "--", printing each one's output.
package main

import (
	"fmt"
	"os"
	"os/exec"
)

func main() {
	args := os.Args[1:]
	for len(args) > 0 {
		i := 0
		for i < len(args) && args[i] != "--" {
			i++
		}
		out, err := exec.Command(args[0], args[1:i]...).CombinedOutput()
		fmt.Printf("%s", out)
		if err != nil {
			fmt.Printf("error: %v\n", err)
		}
		if i < len(args) {
			i++
		}
		args = args[i:]
	}
}
