# SPDX-License-Identifier: GPL-2.0-or-later
# SPDX-FileCopyrightText: 2026 The sealtools authors
# zsh -f tests/bats/zcomplete.zsh LINE...
# For each LINE: type it and a TAB into an interactive zsh (under zpty)
# that loads the project's completions, and print "=== LINE" and then the
# listing zsh shows, without terminal escapes.  A widget bound to ^X,
# typed after the TAB, prints a numbered marker once the completion is
# done; ^U clears the line for the next one.
zmodload zsh/zpty || exit 1
zpty z zsh -f -i || exit 1
zpty -w z "PS1='> ' RPROMPT=''; fpath=(${(q)PWD}/completions \$fpath)"
zpty -w z "autoload -Uz compinit; compinit -u -D; LISTMAX=100000 LINES=5000 COLUMNS=300"
zpty -w z "zstyle ':completion:*' list-grouped false; setopt nolistbeep; unsetopt automenu listambiguous"
zpty -w z "n=0; mark() { zle -M @@END\$((++n))@@ }; zle -N mark; bindkey '^X' mark; : @@START@@"
local line out nl=$'\n'
integer i=0
for line; do
  zpty -w -n z $'\C-u'"$line"$'\t'$'\C-x'
  zpty -r z out "*@@END$((++i))@@*" || exit 1
  (( i == 1 )) && out=${out##*@@START@@}
  print -r -- "=== $line"
  print -r -- "${out//$'\r'/$nl}" | sed -e 's/\x1b\[[0-9;?]*[A-Za-z]//g' -e 's/\x1b[=>]//g' |
    sed -e '/@@END[0-9]*@@/,$d' -e 's/ *$//' -e '/^$/d'
done
zpty -d z
