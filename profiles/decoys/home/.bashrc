# ~/.bashrc: executed by bash(1) for non-login shells.
case $- in *i*) ;; *) return;; esac
HISTCONTROL=ignoreboth
HISTSIZE=1000
alias ll='ls -alF'
export PATH="$HOME/.local/bin:$PATH"
