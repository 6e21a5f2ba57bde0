// SPDX-License-Identifier: GPL-2.0-or-later
// SPDX-FileCopyrightText: 2026 The sealtools authors

// selfprotect — a static Go program (no cgo) for tests/bats/static.bats:
// it tries mprotect on the page of its own text holding a function of
// its own.  Sealed, the kernel refuses: it prints "true" (the error is
// EPERM) and exits 3.  Unsealed it prints "mprotect ok" and exits 0.
package main

import (
	"fmt"
	"os"
	"syscall"
	"unsafe"
)

//go:noinline
func here() {}

func main() {
	pc := **(**uintptr)(unsafe.Pointer(&struct{ f func() }{here}))
	page := pc &^ uintptr(os.Getpagesize()-1)
	_, _, e := syscall.Syscall(syscall.SYS_MPROTECT, page, uintptr(os.Getpagesize()),
		syscall.PROT_READ|syscall.PROT_EXEC)
	if e != 0 {
		fmt.Println(e == syscall.EPERM)
		os.Exit(3)
	}
	fmt.Println("mprotect ok")
	os.Exit(0)
}
