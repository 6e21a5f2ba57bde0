// SPDX-License-Identifier: GPL-2.0-or-later
// SPDX-FileCopyrightText: 2026 The sealtools authors
// std::process::Command by name (posix_spawnp with file actions for the
// pipes): output() and status().  Usage: command SMAPS-COUNTER-SCRIPT
use std::process::Command;

fn main() {
    let out = Command::new("echo").arg("hello").output().expect("output");
    print!("{}", String::from_utf8_lossy(&out.stdout));
    println!("echo {}", out.status.code().unwrap_or(-1));
    let st = Command::new("true").status().expect("status");
    println!("true {}", st.code().unwrap_or(-1));
    let out = Command::new("sh")
        .args(["-c", "grep -c ' sl' /proc/$$/smaps"])
        .output()
        .expect("sh");
    print!("sealed {}", String::from_utf8_lossy(&out.stdout));
}
