// Reports recorded by petri's own sandbox (native runner, 2026-11-26), behaviours stripped, kept as
// Swift string literals so the test target needs no resource declarations.
enum RecordedReports {
    /// demo-sample.sh: hides a dropped script in /tmp/.hidden, runs it, adds an XDG autostart entry, reads /etc/passwd, runs uname, connects to 198.51.100.7:80.
    static let demoSample = ###"""
{
 "behaviours": [],
 "canaries": [],
 "denied": [],
 "event_stats": {
  "elided": 0,
  "max_events": 50000,
  "max_per_syscall": 5000,
  "notified": 377,
  "recorded": 377,
  "vanished": 0
 },
 "events": [
  {
   "action": "allowed",
   "arch": "x86_64",
   "args": {
    "argv": [
     "/home/user/Downloads/demo-sample.sh"
    ],
    "env": [
     "PATH=/usr/local/bin:/usr/bin:/bin",
     "HOME=/home/user",
     "USER=user",
     "SHELL=/bin/bash",
     "LANG=C.UTF-8",
     "TERM=xterm-256color",
     "PWD=/home/user/Downloads"
    ],
    "path": "/home/user/Downloads/demo-sample.sh"
   },
   "category": "process",
   "image": "petri",
   "kind": "syscall",
   "name": "execve",
   "pid": 2,
   "ppid": 1,
   "seq": 1,
   "tid": 2,
   "time_ns": 968581777
  },
  {
   "action": "allowed",
   "arch": "x86_64",
   "args": {
    "flags": "O_RDONLY|O_CLOEXEC",
    "path": "/etc/ld.so.cache"
   },
   "category": "file",
   "image": "dash",
   "kind": "syscall",
   "name": "openat",
   "pid": 2,
   "ppid": 1,
   "seq": 2,
   "tid": 2,
   "time_ns": 974034359
  },
  {
   "action": "allowed",
   "arch": "x86_64",
   "args": {
    "flags": "O_RDONLY|O_CLOEXEC",
    "path": "/lib/x86_64-linux-gnu/libc.so.6"
   },
   "category": "file",
   "image": "dash",
   "kind": "syscall",
   "name": "openat",
   "pid": 2,
   "ppid": 1,
   "seq": 3,
   "tid": 2,
   "time_ns": 975613250
  },
  {
   "action": "allowed",
   "arch": "x86_64",
   "args": {
    "addr": "0x7fb3420c4000",
    "fd": 3,
    "fd_path": "/usr/lib/x86_64-linux-gnu/libc.so.6",
    "flags": "MAP_PRIVATE|MAP_FIXED|MAP_DENYWRITE",
    "length": 1400832,
    "prot": "PROT_READ|PROT_EXEC"
   },
   "category": "memory",
   "image": "dash",
   "kind": "syscall",
   "name": "mmap",
   "pid": 2,
   "ppid": 1,
   "seq": 4,
   "tid": 2,
   "time_ns": 979666232
  },
  {
   "action": "allowed",
   "arch": "x86_64",
   "args": {
    "resource": "RLIMIT_STACK",
    "target_pid": 0
   },
   "category": "file",
   "image": "dash",
   "kind": "syscall",
   "name": "prlimit64",
   "pid": 2,
   "ppid": 1,
   "seq": 5,
   "tid": 2,
   "time_ns": 980038043
  },
  {
   "action": "allowed",
   "arch": "x86_64",
   "args": {
    "flags": "O_RDONLY",
    "path": "/home/user/Downloads/demo-sample.sh"
   },
   "category": "file",
   "image": "dash",
   "kind": "syscall",
   "name": "openat",
   "pid": 2,
   "ppid": 1,
   "seq": 6,
   "tid": 2,
   "time_ns": 980220634
  },
  {
   "action": "allowed",
   "arch": "x86_64",
   "args": {},
   "category": "process",
   "image": "dash",
   "kind": "syscall",
   "name": "vfork",
   "pid": 2,
   "ppid": 1,
   "seq": 7,
   "tid": 2,
   "time_ns": 980341223
  },
  {
   "action": "allowed",
   "arch": "x86_64",
   "args": {
    "argv": [
     "mkdir",
     "-p",
     "/tmp/.hidden"
    ],
    "env": [
     "USER=user",
     "HOME=/home/user",
     "TERM=xterm-256color",
     "PATH=/usr/local/bin:/usr/bin:/bin",
     "LANG=C.UTF-8",
     "SHELL=/bin/bash",
     "PWD=/home/user/Downloads"
    ],
    "path": "/usr/bin/mkdir"
   },
   "category": "process",
   "image": "dash",
   "kind": "syscall",
   "name": "execve",
   "pid": 3,
   "ppid": 2,
   "seq": 8,
   "tid": 3,
   "time_ns": 995698064
  },
  {
   "action": "allowed",
   "arch": "x86_64",
   "args": {
    "flags": "O_RDONLY|O_CLOEXEC",
    "path": "/etc/ld.so.cache"
   },
   "category": "file",
   "image": "mkdir",
   "kind": "syscall",
   "name": "openat",
   "pid": 3,
   "ppid": 2,
   "seq": 9,
   "tid": 3,
   "time_ns": 996718898
  },
  {
   "action": "allowed",
   "arch": "x86_64",
   "args": {
    "flags": "O_RDONLY|O_CLOEXEC",
    "path": "/lib/x86_64-linux-gnu/libselinux.so.1"
   },
   "category": "file",
   "image": "mkdir",
   "kind": "syscall",
   "name": "openat",
   "pid": 3,
   "ppid": 2,
   "seq": 10,
   "tid": 3,
   "time_ns": 996815021
  },
  {
   "action": "allowed",
   "arch": "x86_64",
   "args": {
    "addr": "0x7f6d557c4000",
    "fd": 3,
    "fd_path": "/usr/lib/x86_64-linux-gnu/libselinux.so.1",
    "flags": "MAP_PRIVATE|MAP_FIXED|MAP_DENYWRITE",
    "length": 110592,
    "prot": "PROT_READ|PROT_EXEC"
   },
   "category": "memory",
   "image": "mkdir",
   "kind": "syscall",
   "name": "mmap",
   "pid": 3,
   "ppid": 2,
   "seq": 11,
   "tid": 3,
   "time_ns": 996873317
  },
  {
   "action": "allowed",
   "arch": "x86_64",
   "args": {
    "flags": "O_RDONLY|O_CLOEXEC",
    "path": "/lib/x86_64-linux-gnu/libc.so.6"
   },
   "category": "file",
   "image": "mkdir",
   "kind": "syscall",
   "name": "openat",
   "pid": 3,
   "ppid": 2,
   "seq": 12,
   "tid": 3,
   "time_ns": 997009920
  },
  {
   "action": "allowed",
   "arch": "x86_64",
   "args": {
    "addr": "0x7f6d55601000",
    "fd": 3,
    "fd_path": "/usr/lib/x86_64-linux-gnu/libc.so.6",
    "flags": "MAP_PRIVATE|MAP_FIXED|MAP_DENYWRITE",
    "length": 1400832,
    "prot": "PROT_READ|PROT_EXEC"
   },
   "category": "memory",
   "image": "mkdir",
   "kind": "syscall",
   "name": "mmap",
   "pid": 3,
   "ppid": 2,
   "seq": 13,
   "tid": 3,
   "time_ns": 997085121
  },
  {
   "action": "allowed",
   "arch": "x86_64",
   "args": {
    "flags": "O_RDONLY|O_CLOEXEC",
    "path": "/lib/x86_64-linux-gnu/libpcre2-8.so.0"
   },
   "category": "file",
   "image": "mkdir",
   "kind": "syscall",
   "name": "openat",
   "pid": 3,
   "ppid": 2,
   "seq": 14,
   "tid": 3,
   "time_ns": 997222796
  },
  {
   "action": "allowed",
   "arch": "x86_64",
   "args": {
    "addr": "0x7f6d55543000",
    "fd": 3,
    "fd_path": "/usr/lib/x86_64-linux-gnu/libpcre2-8.so.0.11.2",
    "flags": "MAP_PRIVATE|MAP_FIXED|MAP_DENYWRITE",
    "length": 438272,
    "prot": "PROT_READ|PROT_EXEC"
   },
   "category": "memory",
   "image": "mkdir",
   "kind": "syscall",
   "name": "mmap",
   "pid": 3,
   "ppid": 2,
   "seq": 15,
   "tid": 3,
   "time_ns": 997279600
  },
  {
   "action": "allowed",
   "arch": "x86_64",
   "args": {
    "resource": "RLIMIT_STACK",
    "target_pid": 0
   },
   "category": "file",
   "image": "mkdir",
   "kind": "syscall",
   "name": "prlimit64",
   "pid": 3,
   "ppid": 2,
   "seq": 16,
   "tid": 3,
   "time_ns": 997517453
  },
  {
   "action": "allowed",
   "arch": "x86_64",
   "args": {
    "flags": "O_RDONLY|O_CLOEXEC",
    "path": "/proc/filesystems"
   },
   "category": "file",
   "image": "mkdir",
   "kind": "syscall",
   "name": "openat",
   "pid": 3,
   "ppid": 2,
   "seq": 17,
   "tid": 3,
   "time_ns": 997620435
  },
  {
   "action": "allowed",
   "arch": "x86_64",
   "args": {
    "flags": "O_RDONLY|O_CLOEXEC",
    "path": "/usr/lib/locale/locale-archive"
   },
   "category": "file",
   "image": "mkdir",
   "kind": "syscall",
   "name": "openat",
   "pid": 3,
   "ppid": 2,
   "seq": 18,
   "tid": 3,
   "time_ns": 997733333
  },
  {
   "action": "allowed",
   "arch": "x86_64",
   "args": {
    "flags": "O_RDONLY|O_CLOEXEC",
    "path": "/usr/share/locale/locale.alias"
   },
   "category": "file",
   "image": "mkdir",
   "kind": "syscall",
   "name": "openat",
   "pid": 3,
   "ppid": 2,
   "seq": 19,
   "tid": 3,
   "time_ns": 997767784
  },
  {
   "action": "allowed",
   "arch": "x86_64",
   "args": {
    "flags": "O_RDONLY|O_CLOEXEC",
    "path": "/usr/lib/locale/C.UTF-8/LC_IDENTIFICATION"
   },
   "category": "file",
   "image": "mkdir",
   "kind": "syscall",
   "name": "openat",
   "pid": 3,
   "ppid": 2,
   "seq": 20,
   "tid": 3,
   "time_ns": 997830397
  },
  {
   "action": "allowed",
   "arch": "x86_64",
   "args": {
    "flags": "O_RDONLY|O_CLOEXEC",
    "path": "/usr/lib/locale/C.utf8/LC_IDENTIFICATION"
   },
   "category": "file",
   "image": "mkdir",
   "kind": "syscall",
   "name": "openat",
   "pid": 3,
   "ppid": 2,
   "seq": 21,
   "tid": 3,
   "time_ns": 997861853
  },
  {
   "action": "allowed",
   "arch": "x86_64",
   "args": {
    "flags": "O_RDONLY",
    "path": "/usr/lib/x86_64-linux-gnu/gconv/gconv-modules.cache"
   },
   "category": "file",
   "image": "mkdir",
   "kind": "syscall",
   "name": "openat",
   "pid": 3,
   "ppid": 2,
   "seq": 22,
   "tid": 3,
   "time_ns": 997902724
  },
  {
   "action": "allowed",
   "arch": "x86_64",
   "args": {
    "flags": "O_RDONLY|O_CLOEXEC",
    "path": "/usr/lib/locale/C.UTF-8/LC_MEASUREMENT"
   },
   "category": "file",
   "image": "mkdir",
   "kind": "syscall",
   "name": "openat",
   "pid": 3,
   "ppid": 2,
   "seq": 23,
   "tid": 3,
   "time_ns": 997948412
  },
  {
   "action": "allowed",
   "arch": "x86_64",
   "args": {
    "flags": "O_RDONLY|O_CLOEXEC",
    "path": "/usr/lib/locale/C.utf8/LC_MEASUREMENT"
   },
   "category": "file",
   "image": "mkdir",
   "kind": "syscall",
   "name": "openat",
   "pid": 3,
   "ppid": 2,
   "seq": 24,
   "tid": 3,
   "time_ns": 997977325
  },
  {
   "action": "allowed",
   "arch": "x86_64",
   "args": {
    "flags": "O_RDONLY|O_CLOEXEC",
    "path": "/usr/lib/locale/C.UTF-8/LC_TELEPHONE"
   },
   "category": "file",
   "image": "mkdir",
   "kind": "syscall",
   "name": "openat",
   "pid": 3,
   "ppid": 2,
   "seq": 25,
   "tid": 3,
   "time_ns": 998015692
  },
  {
   "action": "allowed",
   "arch": "x86_64",
   "args": {
    "flags": "O_RDONLY|O_CLOEXEC",
    "path": "/usr/lib/locale/C.utf8/LC_TELEPHONE"
   },
   "category": "file",
   "image": "mkdir",
   "kind": "syscall",
   "name": "openat",
   "pid": 3,
   "ppid": 2,
   "seq": 26,
   "tid": 3,
   "time_ns": 998044024
  },
  {
   "action": "allowed",
   "arch": "x86_64",
   "args": {
    "flags": "O_RDONLY|O_CLOEXEC",
    "path": "/usr/lib/locale/C.UTF-8/LC_ADDRESS"
   },
   "category": "file",
   "image": "mkdir",
   "kind": "syscall",
   "name": "openat",
   "pid": 3,
   "ppid": 2,
   "seq": 27,
   "tid": 3,
   "time_ns": 998083662
  },
  {
   "action": "allowed",
   "arch": "x86_64",
   "args": {
    "flags": "O_RDONLY|O_CLOEXEC",
    "path": "/usr/lib/locale/C.utf8/LC_ADDRESS"
   },
   "category": "file",
   "image": "mkdir",
   "kind": "syscall",
   "name": "openat",
   "pid": 3,
   "ppid": 2,
   "seq": 28,
   "tid": 3,
   "time_ns": 998113366
  },
  {
   "action": "allowed",
   "arch": "x86_64",
   "args": {
    "flags": "O_RDONLY|O_CLOEXEC",
    "path": "/usr/lib/locale/C.UTF-8/LC_NAME"
   },
   "category": "file",
   "image": "mkdir",
   "kind": "syscall",
   "name": "openat",
   "pid": 3,
   "ppid": 2,
   "seq": 29,
   "tid": 3,
   "time_ns": 998150922
  },
  {
   "action": "allowed",
   "arch": "x86_64",
   "args": {
    "flags": "O_RDONLY|O_CLOEXEC",
    "path": "/usr/lib/locale/C.utf8/LC_NAME"
   },
   "category": "file",
   "image": "mkdir",
   "kind": "syscall",
   "name": "openat",
   "pid": 3,
   "ppid": 2,
   "seq": 30,
   "tid": 3,
   "time_ns": 998179655
  },
  {
   "action": "allowed",
   "arch": "x86_64",
   "args": {
    "flags": "O_RDONLY|O_CLOEXEC",
    "path": "/usr/lib/locale/C.UTF-8/LC_PAPER"
   },
   "category": "file",
   "image": "mkdir",
   "kind": "syscall",
   "name": "openat",
   "pid": 3,
   "ppid": 2,
   "seq": 31,
   "tid": 3,
   "time_ns": 998220545
  },
  {
   "action": "allowed",
   "arch": "x86_64",
   "args": {
    "flags": "O_RDONLY|O_CLOEXEC",
    "path": "/usr/lib/locale/C.utf8/LC_PAPER"
   },
   "category": "file",
   "image": "mkdir",
   "kind": "syscall",
   "name": "openat",
   "pid": 3,
   "ppid": 2,
   "seq": 32,
   "tid": 3,
   "time_ns": 998256198
  },
  {
   "action": "allowed",
   "arch": "x86_64",
   "args": {
    "flags": "O_RDONLY|O_CLOEXEC",
    "path": "/usr/lib/locale/C.UTF-8/LC_MESSAGES"
   },
   "category": "file",
   "image": "mkdir",
   "kind": "syscall",
   "name": "openat",
   "pid": 3,
   "ppid": 2,
   "seq": 33,
   "tid": 3,
   "time_ns": 998293343
  },
  {
   "action": "allowed",
   "arch": "x86_64",
   "args": {
    "flags": "O_RDONLY|O_CLOEXEC",
    "path": "/usr/lib/locale/C.utf8/LC_MESSAGES"
   },
   "category": "file",
   "image": "mkdir",
   "kind": "syscall",
   "name": "openat",
   "pid": 3,
   "ppid": 2,
   "seq": 34,
   "tid": 3,
   "time_ns": 998321405
  },
  {
   "action": "allowed",
   "arch": "x86_64",
   "args": {
    "flags": "O_RDONLY|O_CLOEXEC",
    "path": "/usr/lib/locale/C.utf8/LC_MESSAGES/SYS_LC_MESSAGES"
   },
   "category": "file",
   "image": "mkdir",
   "kind": "syscall",
   "name": "openat",
   "pid": 3,
   "ppid": 2,
   "seq": 35,
   "tid": 3,
   "time_ns": 998350418
  },
  {
   "action": "allowed",
   "arch": "x86_64",
   "args": {
    "flags": "O_RDONLY|O_CLOEXEC",
    "path": "/usr/lib/locale/C.UTF-8/LC_MONETARY"
   },
   "category": "file",
   "image": "mkdir",
   "kind": "syscall",
   "name": "openat",
   "pid": 3,
   "ppid": 2,
   "seq": 36,
   "tid": 3,
   "time_ns": 998420642
  },
  {
   "action": "allowed",
   "arch": "x86_64",
   "args": {
    "flags": "O_RDONLY|O_CLOEXEC",
    "path": "/usr/lib/locale/C.utf8/LC_MONETARY"
   },
   "category": "file",
   "image": "mkdir",
   "kind": "syscall",
   "name": "openat",
   "pid": 3,
   "ppid": 2,
   "seq": 37,
   "tid": 3,
   "time_ns": 998482093
  },
  {
   "action": "allowed",
   "arch": "x86_64",
   "args": {
    "flags": "O_RDONLY|O_CLOEXEC",
    "path": "/usr/lib/locale/C.UTF-8/LC_COLLATE"
   },
   "category": "file",
   "image": "mkdir",
   "kind": "syscall",
   "name": "openat",
   "pid": 3,
   "ppid": 2,
   "seq": 38,
   "tid": 3,
   "time_ns": 998546659
  },
  {
   "action": "allowed",
   "arch": "x86_64",
   "args": {
    "flags": "O_RDONLY|O_CLOEXEC",
    "path": "/usr/lib/locale/C.utf8/LC_COLLATE"
   },
   "category": "file",
   "image": "mkdir",
   "kind": "syscall",
   "name": "openat",
   "pid": 3,
   "ppid": 2,
   "seq": 39,
   "tid": 3,
   "time_ns": 998578256
  },
  {
   "action": "allowed",
   "arch": "x86_64",
   "args": {
    "flags": "O_RDONLY|O_CLOEXEC",
    "path": "/usr/lib/locale/C.UTF-8/LC_TIME"
   },
   "category": "file",
   "image": "mkdir",
   "kind": "syscall",
   "name": "openat",
   "pid": 3,
   "ppid": 2,
   "seq": 40,
   "tid": 3,
   "time_ns": 998619307
  },
  {
   "action": "allowed",
   "arch": "x86_64",
   "args": {
    "flags": "O_RDONLY|O_CLOEXEC",
    "path": "/usr/lib/locale/C.utf8/LC_TIME"
   },
   "category": "file",
   "image": "mkdir",
   "kind": "syscall",
   "name": "openat",
   "pid": 3,
   "ppid": 2,
   "seq": 41,
   "tid": 3,
   "time_ns": 998749300
  },
  {
   "action": "allowed",
   "arch": "x86_64",
   "args": {
    "flags": "O_RDONLY|O_CLOEXEC",
    "path": "/usr/lib/locale/C.UTF-8/LC_NUMERIC"
   },
   "category": "file",
   "image": "mkdir",
   "kind": "syscall",
   "name": "openat",
   "pid": 3,
   "ppid": 2,
   "seq": 42,
   "tid": 3,
   "time_ns": 998816139
  },
  {
   "action": "allowed",
   "arch": "x86_64",
   "args": {
    "flags": "O_RDONLY|O_CLOEXEC",
    "path": "/usr/lib/locale/C.utf8/LC_NUMERIC"
   },
   "category": "file",
   "image": "mkdir",
   "kind": "syscall",
   "name": "openat",
   "pid": 3,
   "ppid": 2,
   "seq": 43,
   "tid": 3,
   "time_ns": 998857921
  },
  {
   "action": "allowed",
   "arch": "x86_64",
   "args": {
    "flags": "O_RDONLY|O_CLOEXEC",
    "path": "/usr/lib/locale/C.UTF-8/LC_CTYPE"
   },
   "category": "file",
   "image": "mkdir",
   "kind": "syscall",
   "name": "openat",
   "pid": 3,
   "ppid": 2,
   "seq": 44,
   "tid": 3,
   "time_ns": 998908686
  },
  {
   "action": "allowed",
   "arch": "x86_64",
   "args": {
    "flags": "O_RDONLY|O_CLOEXEC",
    "path": "/usr/lib/locale/C.utf8/LC_CTYPE"
   },
   "category": "file",
   "image": "mkdir",
   "kind": "syscall",
   "name": "openat",
   "pid": 3,
   "ppid": 2,
   "seq": 45,
   "tid": 3,
   "time_ns": 998948064
  },
  {
   "action": "allowed",
   "arch": "x86_64",
   "args": {
    "mode": "0777",
    "path": "/tmp"
   },
   "category": "file",
   "image": "mkdir",
   "kind": "syscall",
   "name": "mkdir",
   "pid": 3,
   "ppid": 2,
   "seq": 46,
   "tid": 3,
   "time_ns": 999018389
  },
  {
   "action": "allowed",
   "arch": "x86_64",
   "args": {
    "path": "/tmp"
   },
   "category": "file",
   "image": "mkdir",
   "kind": "syscall",
   "name": "chdir",
   "pid": 3,
   "ppid": 2,
   "seq": 47,
   "tid": 3,
   "time_ns": 999065779
  },
  {
   "action": "allowed",
   "arch": "x86_64",
   "args": {
    "mode": "0777",
    "path": "/tmp/.hidden",
    "raw_path": ".hidden"
   },
   "category": "file",
   "image": "mkdir",
   "kind": "syscall",
   "name": "mkdir",
   "pid": 3,
   "ppid": 2,
   "seq": 48,
   "tid": 3,
   "time_ns": 999100771
  },
  {
   "action": "allowed",
   "arch": "x86_64",
   "args": {
    "code": 0
   },
   "category": "process",
   "image": "mkdir",
   "kind": "syscall",
   "name": "exit_group",
   "pid": 3,
   "ppid": 2,
   "seq": 49,
   "tid": 3,
   "time_ns": 1000817807
  },
  {
   "action": "allowed",
   "arch": "x86_64",
   "args": {
    "flags": "O_WRONLY|O_CREAT|O_TRUNC",
    "mode": "0666",
    "path": "/tmp/.hidden/updater"
   },
   "category": "file",
   "image": "dash",
   "kind": "syscall",
   "name": "openat",
   "pid": 2,
   "ppid": 1,
   "seq": 50,
   "tid": 2,
   "time_ns": 1003904230
  },
  {
   "action": "allowed",
   "arch": "x86_64",
   "args": {},
   "category": "process",
   "image": "dash",
   "kind": "syscall",
   "name": "vfork",
   "pid": 2,
   "ppid": 1,
   "seq": 51,
   "tid": 2,
   "time_ns": 1005332188
  },
  {
   "action": "allowed",
   "arch": "x86_64",
   "args": {
    "argv": [
     "cat",
     "/home/user/Downloads/demo-sample.sh"
    ],
    "env": [
     "USER=user",
     "HOME=/home/user",
     "TERM=xterm-256color",
     "PATH=/usr/local/bin:/usr/bin:/bin",
     "LANG=C.UTF-8",
     "SHELL=/bin/bash",
     "PWD=/home/user/Downloads"
    ],
    "path": "/usr/bin/cat"
   },
   "category": "process",
   "image": "dash",
   "kind": "syscall",
   "name": "execve",
   "pid": 4,
   "ppid": 2,
   "seq": 52,
   "tid": 4,
   "time_ns": 1007610692
  },
  {
   "action": "allowed",
   "arch": "x86_64",
   "args": {
    "flags": "O_RDONLY|O_CLOEXEC",
    "path": "/etc/ld.so.cache"
   },
   "category": "file",
   "image": "cat",
   "kind": "syscall",
   "name": "openat",
   "pid": 4,
   "ppid": 2,
   "seq": 53,
   "tid": 4,
   "time_ns": 1008738155
  },
  {
   "action": "allowed",
   "arch": "x86_64",
   "args": {
    "flags": "O_RDONLY|O_CLOEXEC",
    "path": "/lib/x86_64-linux-gnu/libc.so.6"
   },
   "category": "file",
   "image": "cat",
   "kind": "syscall",
   "name": "openat",
   "pid": 4,
   "ppid": 2,
   "seq": 54,
   "tid": 4,
   "time_ns": 1008839224
  },
  {
   "action": "allowed",
   "arch": "x86_64",
   "args": {
    "addr": "0x7ff11e5f7000",
    "fd": 3,
    "fd_path": "/usr/lib/x86_64-linux-gnu/libc.so.6",
    "flags": "MAP_PRIVATE|MAP_FIXED|MAP_DENYWRITE",
    "length": 1400832,
    "prot": "PROT_READ|PROT_EXEC"
   },
   "category": "memory",
   "image": "cat",
   "kind": "syscall",
   "name": "mmap",
   "pid": 4,
   "ppid": 2,
   "seq": 55,
   "tid": 4,
   "time_ns": 1008884832
  },
  {
   "action": "allowed",
   "arch": "x86_64",
   "args": {
    "resource": "RLIMIT_STACK",
    "target_pid": 0
   },
   "category": "file",
   "image": "cat",
   "kind": "syscall",
   "name": "prlimit64",
   "pid": 4,
   "ppid": 2,
   "seq": 56,
   "tid": 4,
   "time_ns": 1009098579
  },
  {
   "action": "allowed",
   "arch": "x86_64",
   "args": {
    "flags": "O_RDONLY|O_CLOEXEC",
    "path": "/usr/lib/locale/locale-archive"
   },
   "category": "file",
   "image": "cat",
   "kind": "syscall",
   "name": "openat",
   "pid": 4,
   "ppid": 2,
   "seq": 57,
   "tid": 4,
   "time_ns": 1009243023
  },
  {
   "action": "allowed",
   "arch": "x86_64",
   "args": {
    "flags": "O_RDONLY|O_CLOEXEC",
    "path": "/usr/share/locale/locale.alias"
   },
   "category": "file",
   "image": "cat",
   "kind": "syscall",
   "name": "openat",
   "pid": 4,
   "ppid": 2,
   "seq": 58,
   "tid": 4,
   "time_ns": 1009327719
  },
  {
   "action": "allowed",
   "arch": "x86_64",
   "args": {
    "flags": "O_RDONLY|O_CLOEXEC",
    "path": "/usr/lib/locale/C.UTF-8/LC_IDENTIFICATION"
   },
   "category": "file",
   "image": "cat",
   "kind": "syscall",
   "name": "openat",
   "pid": 4,
   "ppid": 2,
   "seq": 59,
   "tid": 4,
   "time_ns": 1009439635
  },
  {
   "action": "allowed",
   "arch": "x86_64",
   "args": {
    "flags": "O_RDONLY|O_CLOEXEC",
    "path": "/usr/lib/locale/C.utf8/LC_IDENTIFICATION"
   },
   "category": "file",
   "image": "cat",
   "kind": "syscall",
   "name": "openat",
   "pid": 4,
   "ppid": 2,
   "seq": 60,
   "tid": 4,
   "time_ns": 1009505192
  },
  {
   "action": "allowed",
   "arch": "x86_64",
   "args": {
    "flags": "O_RDONLY",
    "path": "/usr/lib/x86_64-linux-gnu/gconv/gconv-modules.cache"
   },
   "category": "file",
   "image": "cat",
   "kind": "syscall",
   "name": "openat",
   "pid": 4,
   "ppid": 2,
   "seq": 61,
   "tid": 4,
   "time_ns": 1009594354
  },
  {
   "action": "allowed",
   "arch": "x86_64",
   "args": {
    "flags": "O_RDONLY|O_CLOEXEC",
    "path": "/usr/lib/locale/C.UTF-8/LC_MEASUREMENT"
   },
   "category": "file",
   "image": "cat",
   "kind": "syscall",
   "name": "openat",
   "pid": 4,
   "ppid": 2,
   "seq": 62,
   "tid": 4,
   "time_ns": 1009692530
  },
  {
   "action": "allowed",
   "arch": "x86_64",
   "args": {
    "flags": "O_RDONLY|O_CLOEXEC",
    "path": "/usr/lib/locale/C.utf8/LC_MEASUREMENT"
   },
   "category": "file",
   "image": "cat",
   "kind": "syscall",
   "name": "openat",
   "pid": 4,
   "ppid": 2,
   "seq": 63,
   "tid": 4,
   "time_ns": 1009755463
  },
  {
   "action": "allowed",
   "arch": "x86_64",
   "args": {
    "flags": "O_RDONLY|O_CLOEXEC",
    "path": "/usr/lib/locale/C.UTF-8/LC_TELEPHONE"
   },
   "category": "file",
   "image": "cat",
   "kind": "syscall",
   "name": "openat",
   "pid": 4,
   "ppid": 2,
   "seq": 64,
   "tid": 4,
   "time_ns": 1009820610
  },
  {
   "action": "allowed",
   "arch": "x86_64",
   "args": {
    "flags": "O_RDONLY|O_CLOEXEC",
    "path": "/usr/lib/locale/C.utf8/LC_TELEPHONE"
   },
   "category": "file",
   "image": "cat",
   "kind": "syscall",
   "name": "openat",
   "pid": 4,
   "ppid": 2,
   "seq": 65,
   "tid": 4,
   "time_ns": 1009860469
  },
  {
   "action": "allowed",
   "arch": "x86_64",
   "args": {
    "flags": "O_RDONLY|O_CLOEXEC",
    "path": "/usr/lib/locale/C.UTF-8/LC_ADDRESS"
   },
   "category": "file",
   "image": "cat",
   "kind": "syscall",
   "name": "openat",
   "pid": 4,
   "ppid": 2,
   "seq": 66,
   "tid": 4,
   "time_ns": 1009910834
  },
  {
   "action": "allowed",
   "arch": "x86_64",
   "args": {
    "flags": "O_RDONLY|O_CLOEXEC",
    "path": "/usr/lib/locale/C.utf8/LC_ADDRESS"
   },
   "category": "file",
   "image": "cat",
   "kind": "syscall",
   "name": "openat",
   "pid": 4,
   "ppid": 2,
   "seq": 67,
   "tid": 4,
   "time_ns": 1009960588
  },
  {
   "action": "allowed",
   "arch": "x86_64",
   "args": {
    "flags": "O_RDONLY|O_CLOEXEC",
    "path": "/usr/lib/locale/C.UTF-8/LC_NAME"
   },
   "category": "file",
   "image": "cat",
   "kind": "syscall",
   "name": "openat",
   "pid": 4,
   "ppid": 2,
   "seq": 68,
   "tid": 4,
   "time_ns": 1010034217
  },
  {
   "action": "allowed",
   "arch": "x86_64",
   "args": {
    "flags": "O_RDONLY|O_CLOEXEC",
    "path": "/usr/lib/locale/C.utf8/LC_NAME"
   },
   "category": "file",
   "image": "cat",
   "kind": "syscall",
   "name": "openat",
   "pid": 4,
   "ppid": 2,
   "seq": 69,
   "tid": 4,
   "time_ns": 1010094576
  },
  {
   "action": "allowed",
   "arch": "x86_64",
   "args": {
    "flags": "O_RDONLY|O_CLOEXEC",
    "path": "/usr/lib/locale/C.UTF-8/LC_PAPER"
   },
   "category": "file",
   "image": "cat",
   "kind": "syscall",
   "name": "openat",
   "pid": 4,
   "ppid": 2,
   "seq": 70,
   "tid": 4,
   "time_ns": 1010169077
  },
  {
   "action": "allowed",
   "arch": "x86_64",
   "args": {
    "flags": "O_RDONLY|O_CLOEXEC",
    "path": "/usr/lib/locale/C.utf8/LC_PAPER"
   },
   "category": "file",
   "image": "cat",
   "kind": "syscall",
   "name": "openat",
   "pid": 4,
   "ppid": 2,
   "seq": 71,
   "tid": 4,
   "time_ns": 1010227273
  },
  {
   "action": "allowed",
   "arch": "x86_64",
   "args": {
    "flags": "O_RDONLY|O_CLOEXEC",
    "path": "/usr/lib/locale/C.UTF-8/LC_MESSAGES"
   },
   "category": "file",
   "image": "cat",
   "kind": "syscall",
   "name": "openat",
   "pid": 4,
   "ppid": 2,
   "seq": 72,
   "tid": 4,
   "time_ns": 1010304147
  },
  {
   "action": "allowed",
   "arch": "x86_64",
   "args": {
    "flags": "O_RDONLY|O_CLOEXEC",
    "path": "/usr/lib/locale/C.utf8/LC_MESSAGES"
   },
   "category": "file",
   "image": "cat",
   "kind": "syscall",
   "name": "openat",
   "pid": 4,
   "ppid": 2,
   "seq": 73,
   "tid": 4,
   "time_ns": 1010364927
  },
  {
   "action": "allowed",
   "arch": "x86_64",
   "args": {
    "flags": "O_RDONLY|O_CLOEXEC",
    "path": "/usr/lib/locale/C.utf8/LC_MESSAGES/SYS_LC_MESSAGES"
   },
   "category": "file",
   "image": "cat",
   "kind": "syscall",
   "name": "openat",
   "pid": 4,
   "ppid": 2,
   "seq": 74,
   "tid": 4,
   "time_ns": 1010426138
  },
  {
   "action": "allowed",
   "arch": "x86_64",
   "args": {
    "flags": "O_RDONLY|O_CLOEXEC",
    "path": "/usr/lib/locale/C.UTF-8/LC_MONETARY"
   },
   "category": "file",
   "image": "cat",
   "kind": "syscall",
   "name": "openat",
   "pid": 4,
   "ppid": 2,
   "seq": 75,
   "tid": 4,
   "time_ns": 1010511334
  },
  {
   "action": "allowed",
   "arch": "x86_64",
   "args": {
    "flags": "O_RDONLY|O_CLOEXEC",
    "path": "/usr/lib/locale/C.utf8/LC_MONETARY"
   },
   "category": "file",
   "image": "cat",
   "kind": "syscall",
   "name": "openat",
   "pid": 4,
   "ppid": 2,
   "seq": 76,
   "tid": 4,
   "time_ns": 1010570352
  },
  {
   "action": "allowed",
   "arch": "x86_64",
   "args": {
    "flags": "O_RDONLY|O_CLOEXEC",
    "path": "/usr/lib/locale/C.UTF-8/LC_COLLATE"
   },
   "category": "file",
   "image": "cat",
   "kind": "syscall",
   "name": "openat",
   "pid": 4,
   "ppid": 2,
   "seq": 77,
   "tid": 4,
   "time_ns": 1010621838
  },
  {
   "action": "allowed",
   "arch": "x86_64",
   "args": {
    "flags": "O_RDONLY|O_CLOEXEC",
    "path": "/usr/lib/locale/C.utf8/LC_COLLATE"
   },
   "category": "file",
   "image": "cat",
   "kind": "syscall",
   "name": "openat",
   "pid": 4,
   "ppid": 2,
   "seq": 78,
   "tid": 4,
   "time_ns": 1010652694
  },
  {
   "action": "allowed",
   "arch": "x86_64",
   "args": {
    "flags": "O_RDONLY|O_CLOEXEC",
    "path": "/usr/lib/locale/C.UTF-8/LC_TIME"
   },
   "category": "file",
   "image": "cat",
   "kind": "syscall",
   "name": "openat",
   "pid": 4,
   "ppid": 2,
   "seq": 79,
   "tid": 4,
   "time_ns": 1010722488
  },
  {
   "action": "allowed",
   "arch": "x86_64",
   "args": {
    "flags": "O_RDONLY|O_CLOEXEC",
    "path": "/usr/lib/locale/C.utf8/LC_TIME"
   },
   "category": "file",
   "image": "cat",
   "kind": "syscall",
   "name": "openat",
   "pid": 4,
   "ppid": 2,
   "seq": 80,
   "tid": 4,
   "time_ns": 1010761566
  },
  {
   "action": "allowed",
   "arch": "x86_64",
   "args": {
    "flags": "O_RDONLY|O_CLOEXEC",
    "path": "/usr/lib/locale/C.UTF-8/LC_NUMERIC"
   },
   "category": "file",
   "image": "cat",
   "kind": "syscall",
   "name": "openat",
   "pid": 4,
   "ppid": 2,
   "seq": 81,
   "tid": 4,
   "time_ns": 1010807644
  },
  {
   "action": "allowed",
   "arch": "x86_64",
   "args": {
    "flags": "O_RDONLY|O_CLOEXEC",
    "path": "/usr/lib/locale/C.utf8/LC_NUMERIC"
   },
   "category": "file",
   "image": "cat",
   "kind": "syscall",
   "name": "openat",
   "pid": 4,
   "ppid": 2,
   "seq": 82,
   "tid": 4,
   "time_ns": 1010836787
  },
  {
   "action": "allowed",
   "arch": "x86_64",
   "args": {
    "flags": "O_RDONLY|O_CLOEXEC",
    "path": "/usr/lib/locale/C.UTF-8/LC_CTYPE"
   },
   "category": "file",
   "image": "cat",
   "kind": "syscall",
   "name": "openat",
   "pid": 4,
   "ppid": 2,
   "seq": 83,
   "tid": 4,
   "time_ns": 1010876536
  },
  {
   "action": "allowed",
   "arch": "x86_64",
   "args": {
    "flags": "O_RDONLY|O_CLOEXEC",
    "path": "/usr/lib/locale/C.utf8/LC_CTYPE"
   },
   "category": "file",
   "image": "cat",
   "kind": "syscall",
   "name": "openat",
   "pid": 4,
   "ppid": 2,
   "seq": 84,
   "tid": 4,
   "time_ns": 1010904427
  },
  {
   "action": "allowed",
   "arch": "x86_64",
   "args": {
    "flags": "O_RDONLY",
    "path": "/home/user/Downloads/demo-sample.sh"
   },
   "category": "file",
   "image": "cat",
   "kind": "syscall",
   "name": "openat",
   "pid": 4,
   "ppid": 2,
   "seq": 85,
   "tid": 4,
   "time_ns": 1010974662
  },
  {
   "action": "allowed",
   "arch": "x86_64",
   "args": {
    "code": 0
   },
   "category": "process",
   "image": "cat",
   "kind": "syscall",
   "name": "exit_group",
   "pid": 4,
   "ppid": 2,
   "seq": 86,
   "tid": 4,
   "time_ns": 1011123823
  },
  {
   "action": "allowed",
   "arch": "x86_64",
   "args": {},
   "category": "process",
   "image": "dash",
   "kind": "syscall",
   "name": "vfork",
   "pid": 2,
   "ppid": 1,
   "seq": 87,
   "tid": 2,
   "time_ns": 1013566210
  },
  {
   "action": "allowed",
   "arch": "x86_64",
   "args": {
    "argv": [
     "chmod",
     "755",
     "/tmp/.hidden/updater"
    ],
    "env": [
     "USER=user",
     "HOME=/home/user",
     "TERM=xterm-256color",
     "PATH=/usr/local/bin:/usr/bin:/bin",
     "LANG=C.UTF-8",
     "SHELL=/bin/bash",
     "PWD=/home/user/Downloads"
    ],
    "path": "/usr/bin/chmod"
   },
   "category": "process",
   "image": "dash",
   "kind": "syscall",
   "name": "execve",
   "pid": 5,
   "ppid": 2,
   "seq": 88,
   "tid": 5,
   "time_ns": 1019649468
  },
  {
   "action": "allowed",
   "arch": "x86_64",
   "args": {
    "flags": "O_RDONLY|O_CLOEXEC",
    "path": "/etc/ld.so.cache"
   },
   "category": "file",
   "image": "chmod",
   "kind": "syscall",
   "name": "openat",
   "pid": 5,
   "ppid": 2,
   "seq": 89,
   "tid": 5,
   "time_ns": 1035261162
  },
  {
   "action": "allowed",
   "arch": "x86_64",
   "args": {
    "flags": "O_RDONLY|O_CLOEXEC",
    "path": "/lib/x86_64-linux-gnu/libc.so.6"
   },
   "category": "file",
   "image": "chmod",
   "kind": "syscall",
   "name": "openat",
   "pid": 5,
   "ppid": 2,
   "seq": 90,
   "tid": 5,
   "time_ns": 1035402842
  },
  {
   "action": "allowed",
   "arch": "x86_64",
   "args": {
    "addr": "0x7f06fe7bf000",
    "fd": 3,
    "fd_path": "/usr/lib/x86_64-linux-gnu/libc.so.6",
    "flags": "MAP_PRIVATE|MAP_FIXED|MAP_DENYWRITE",
    "length": 1400832,
    "prot": "PROT_READ|PROT_EXEC"
   },
   "category": "memory",
   "image": "chmod",
   "kind": "syscall",
   "name": "mmap",
   "pid": 5,
   "ppid": 2,
   "seq": 91,
   "tid": 5,
   "time_ns": 1035488780
  },
  {
   "action": "allowed",
   "arch": "x86_64",
   "args": {
    "resource": "RLIMIT_STACK",
    "target_pid": 0
   },
   "category": "file",
   "image": "chmod",
   "kind": "syscall",
   "name": "prlimit64",
   "pid": 5,
   "ppid": 2,
   "seq": 92,
   "tid": 5,
   "time_ns": 1035793572
  },
  {
   "action": "allowed",
   "arch": "x86_64",
   "args": {
    "flags": "O_RDONLY|O_CLOEXEC",
    "path": "/usr/lib/locale/locale-archive"
   },
   "category": "file",
   "image": "chmod",
   "kind": "syscall",
   "name": "openat",
   "pid": 5,
   "ppid": 2,
   "seq": 93,
   "tid": 5,
   "time_ns": 1035904106
  },
  {
   "action": "allowed",
   "arch": "x86_64",
   "args": {
    "flags": "O_RDONLY|O_CLOEXEC",
    "path": "/usr/share/locale/locale.alias"
   },
   "category": "file",
   "image": "chmod",
   "kind": "syscall",
   "name": "openat",
   "pid": 5,
   "ppid": 2,
   "seq": 94,
   "tid": 5,
   "time_ns": 1035967279
  },
  {
   "action": "allowed",
   "arch": "x86_64",
   "args": {
    "flags": "O_RDONLY|O_CLOEXEC",
    "path": "/usr/lib/locale/C.UTF-8/LC_IDENTIFICATION"
   },
   "category": "file",
   "image": "chmod",
   "kind": "syscall",
   "name": "openat",
   "pid": 5,
   "ppid": 2,
   "seq": 95,
   "tid": 5,
   "time_ns": 1036057413
  },
  {
   "action": "allowed",
   "arch": "x86_64",
   "args": {
    "flags": "O_RDONLY|O_CLOEXEC",
    "path": "/usr/lib/locale/C.utf8/LC_IDENTIFICATION"
   },
   "category": "file",
   "image": "chmod",
   "kind": "syscall",
   "name": "openat",
   "pid": 5,
   "ppid": 2,
   "seq": 96,
   "tid": 5,
   "time_ns": 1036123791
  },
  {
   "action": "allowed",
   "arch": "x86_64",
   "args": {
    "flags": "O_RDONLY",
    "path": "/usr/lib/x86_64-linux-gnu/gconv/gconv-modules.cache"
   },
   "category": "file",
   "image": "chmod",
   "kind": "syscall",
   "name": "openat",
   "pid": 5,
   "ppid": 2,
   "seq": 97,
   "tid": 5,
   "time_ns": 1036189549
  },
  {
   "action": "allowed",
   "arch": "x86_64",
   "args": {
    "flags": "O_RDONLY|O_CLOEXEC",
    "path": "/usr/lib/locale/C.UTF-8/LC_MEASUREMENT"
   },
   "category": "file",
   "image": "chmod",
   "kind": "syscall",
   "name": "openat",
   "pid": 5,
   "ppid": 2,
   "seq": 98,
   "tid": 5,
   "time_ns": 1036249488
  },
  {
   "action": "allowed",
   "arch": "x86_64",
   "args": {
    "flags": "O_RDONLY|O_CLOEXEC",
    "path": "/usr/lib/locale/C.utf8/LC_MEASUREMENT"
   },
   "category": "file",
   "image": "chmod",
   "kind": "syscall",
   "name": "openat",
   "pid": 5,
   "ppid": 2,
   "seq": 99,
   "tid": 5,
   "time_ns": 1036289828
  },
  {
   "action": "allowed",
   "arch": "x86_64",
   "args": {
    "flags": "O_RDONLY|O_CLOEXEC",
    "path": "/usr/lib/locale/C.UTF-8/LC_TELEPHONE"
   },
   "category": "file",
   "image": "chmod",
   "kind": "syscall",
   "name": "openat",
   "pid": 5,
   "ppid": 2,
   "seq": 100,
   "tid": 5,
   "time_ns": 1036345230
  },
  {
   "action": "allowed",
   "arch": "x86_64",
   "args": {
    "flags": "O_RDONLY|O_CLOEXEC",
    "path": "/usr/lib/locale/C.utf8/LC_TELEPHONE"
   },
   "category": "file",
   "image": "chmod",
   "kind": "syscall",
   "name": "openat",
   "pid": 5,
   "ppid": 2,
   "seq": 101,
   "tid": 5,
   "time_ns": 1036400752
  },
  {
   "action": "allowed",
   "arch": "x86_64",
   "args": {
    "flags": "O_RDONLY|O_CLOEXEC",
    "path": "/usr/lib/locale/C.UTF-8/LC_ADDRESS"
   },
   "category": "file",
   "image": "chmod",
   "kind": "syscall",
   "name": "openat",
   "pid": 5,
   "ppid": 2,
   "seq": 102,
   "tid": 5,
   "time_ns": 1036459409
  },
  {
   "action": "allowed",
   "arch": "x86_64",
   "args": {
    "flags": "O_RDONLY|O_CLOEXEC",
    "path": "/usr/lib/locale/C.utf8/LC_ADDRESS"
   },
   "category": "file",
   "image": "chmod",
   "kind": "syscall",
   "name": "openat",
   "pid": 5,
   "ppid": 2,
   "seq": 103,
   "tid": 5,
   "time_ns": 1036510805
  },
  {
   "action": "allowed",
   "arch": "x86_64",
   "args": {
    "flags": "O_RDONLY|O_CLOEXEC",
    "path": "/usr/lib/locale/C.UTF-8/LC_NAME"
   },
   "category": "file",
   "image": "chmod",
   "kind": "syscall",
   "name": "openat",
   "pid": 5,
   "ppid": 2,
   "seq": 104,
   "tid": 5,
   "time_ns": 1036584284
  },
  {
   "action": "allowed",
   "arch": "x86_64",
   "args": {
    "flags": "O_RDONLY|O_CLOEXEC",
    "path": "/usr/lib/locale/C.utf8/LC_NAME"
   },
   "category": "file",
   "image": "chmod",
   "kind": "syscall",
   "name": "openat",
   "pid": 5,
   "ppid": 2,
   "seq": 105,
   "tid": 5,
   "time_ns": 1036630022
  },
  {
   "action": "allowed",
   "arch": "x86_64",
   "args": {
    "flags": "O_RDONLY|O_CLOEXEC",
    "path": "/usr/lib/locale/C.UTF-8/LC_PAPER"
   },
   "category": "file",
   "image": "chmod",
   "kind": "syscall",
   "name": "openat",
   "pid": 5,
   "ppid": 2,
   "seq": 106,
   "tid": 5,
   "time_ns": 1036685835
  },
  {
   "action": "allowed",
   "arch": "x86_64",
   "args": {
    "flags": "O_RDONLY|O_CLOEXEC",
    "path": "/usr/lib/locale/C.utf8/LC_PAPER"
   },
   "category": "file",
   "image": "chmod",
   "kind": "syscall",
   "name": "openat",
   "pid": 5,
   "ppid": 2,
   "seq": 107,
   "tid": 5,
   "time_ns": 1036741447
  },
  {
   "action": "allowed",
   "arch": "x86_64",
   "args": {
    "flags": "O_RDONLY|O_CLOEXEC",
    "path": "/usr/lib/locale/C.UTF-8/LC_MESSAGES"
   },
   "category": "file",
   "image": "chmod",
   "kind": "syscall",
   "name": "openat",
   "pid": 5,
   "ppid": 2,
   "seq": 108,
   "tid": 5,
   "time_ns": 1036820084
  },
  {
   "action": "allowed",
   "arch": "x86_64",
   "args": {
    "flags": "O_RDONLY|O_CLOEXEC",
    "path": "/usr/lib/locale/C.utf8/LC_MESSAGES"
   },
   "category": "file",
   "image": "chmod",
   "kind": "syscall",
   "name": "openat",
   "pid": 5,
   "ppid": 2,
   "seq": 109,
   "tid": 5,
   "time_ns": 1036881936
  },
  {
   "action": "allowed",
   "arch": "x86_64",
   "args": {
    "flags": "O_RDONLY|O_CLOEXEC",
    "path": "/usr/lib/locale/C.utf8/LC_MESSAGES/SYS_LC_MESSAGES"
   },
   "category": "file",
   "image": "chmod",
   "kind": "syscall",
   "name": "openat",
   "pid": 5,
   "ppid": 2,
   "seq": 110,
   "tid": 5,
   "time_ns": 1036934384
  },
  {
   "action": "allowed",
   "arch": "x86_64",
   "args": {
    "flags": "O_RDONLY|O_CLOEXEC",
    "path": "/usr/lib/locale/C.UTF-8/LC_MONETARY"
   },
   "category": "file",
   "image": "chmod",
   "kind": "syscall",
   "name": "openat",
   "pid": 5,
   "ppid": 2,
   "seq": 111,
   "tid": 5,
   "time_ns": 1036992410
  },
  {
   "action": "allowed",
   "arch": "x86_64",
   "args": {
    "flags": "O_RDONLY|O_CLOEXEC",
    "path": "/usr/lib/locale/C.utf8/LC_MONETARY"
   },
   "category": "file",
   "image": "chmod",
   "kind": "syscall",
   "name": "openat",
   "pid": 5,
   "ppid": 2,
   "seq": 112,
   "tid": 5,
   "time_ns": 1037030947
  },
  {
   "action": "allowed",
   "arch": "x86_64",
   "args": {
    "flags": "O_RDONLY|O_CLOEXEC",
    "path": "/usr/lib/locale/C.UTF-8/LC_COLLATE"
   },
   "category": "file",
   "image": "chmod",
   "kind": "syscall",
   "name": "openat",
   "pid": 5,
   "ppid": 2,
   "seq": 113,
   "tid": 5,
   "time_ns": 1037095623
  },
  {
   "action": "allowed",
   "arch": "x86_64",
   "args": {
    "flags": "O_RDONLY|O_CLOEXEC",
    "path": "/usr/lib/locale/C.utf8/LC_COLLATE"
   },
   "category": "file",
   "image": "chmod",
   "kind": "syscall",
   "name": "openat",
   "pid": 5,
   "ppid": 2,
   "seq": 114,
   "tid": 5,
   "time_ns": 1037147079
  },
  {
   "action": "allowed",
   "arch": "x86_64",
   "args": {
    "flags": "O_RDONLY|O_CLOEXEC",
    "path": "/usr/lib/locale/C.UTF-8/LC_TIME"
   },
   "category": "file",
   "image": "chmod",
   "kind": "syscall",
   "name": "openat",
   "pid": 5,
   "ppid": 2,
   "seq": 115,
   "tid": 5,
   "time_ns": 1037222251
  },
  {
   "action": "allowed",
   "arch": "x86_64",
   "args": {
    "flags": "O_RDONLY|O_CLOEXEC",
    "path": "/usr/lib/locale/C.utf8/LC_TIME"
   },
   "category": "file",
   "image": "chmod",
   "kind": "syscall",
   "name": "openat",
   "pid": 5,
   "ppid": 2,
   "seq": 116,
   "tid": 5,
   "time_ns": 1037282830
  },
  {
   "action": "allowed",
   "arch": "x86_64",
   "args": {
    "flags": "O_RDONLY|O_CLOEXEC",
    "path": "/usr/lib/locale/C.UTF-8/LC_NUMERIC"
   },
   "category": "file",
   "image": "chmod",
   "kind": "syscall",
   "name": "openat",
   "pid": 5,
   "ppid": 2,
   "seq": 117,
   "tid": 5,
   "time_ns": 1037328939
  },
  {
   "action": "allowed",
   "arch": "x86_64",
   "args": {
    "flags": "O_RDONLY|O_CLOEXEC",
    "path": "/usr/lib/locale/C.utf8/LC_NUMERIC"
   },
   "category": "file",
   "image": "chmod",
   "kind": "syscall",
   "name": "openat",
   "pid": 5,
   "ppid": 2,
   "seq": 118,
   "tid": 5,
   "time_ns": 1037357271
  },
  {
   "action": "allowed",
   "arch": "x86_64",
   "args": {
    "flags": "O_RDONLY|O_CLOEXEC",
    "path": "/usr/lib/locale/C.UTF-8/LC_CTYPE"
   },
   "category": "file",
   "image": "chmod",
   "kind": "syscall",
   "name": "openat",
   "pid": 5,
   "ppid": 2,
   "seq": 119,
   "tid": 5,
   "time_ns": 1037395067
  },
  {
   "action": "allowed",
   "arch": "x86_64",
   "args": {
    "flags": "O_RDONLY|O_CLOEXEC",
    "path": "/usr/lib/locale/C.utf8/LC_CTYPE"
   },
   "category": "file",
   "image": "chmod",
   "kind": "syscall",
   "name": "openat",
   "pid": 5,
   "ppid": 2,
   "seq": 120,
   "tid": 5,
   "time_ns": 1037422638
  },
  {
   "action": "allowed",
   "arch": "x86_64",
   "args": {
    "mode": "0755",
    "path": "/tmp/.hidden/updater"
   },
   "category": "file",
   "image": "chmod",
   "kind": "syscall",
   "name": "fchmodat",
   "pid": 5,
   "ppid": 2,
   "seq": 121,
   "tid": 5,
   "time_ns": 1037495015
  },
  {
   "action": "allowed",
   "arch": "x86_64",
   "args": {
    "code": 0
   },
   "category": "process",
   "image": "chmod",
   "kind": "syscall",
   "name": "exit_group",
   "pid": 5,
   "ppid": 2,
   "seq": 122,
   "tid": 5,
   "time_ns": 1037550948
  },
  {
   "action": "allowed",
   "arch": "x86_64",
   "args": {},
   "category": "process",
   "image": "dash",
   "kind": "syscall",
   "name": "vfork",
   "pid": 2,
   "ppid": 1,
   "seq": 123,
   "tid": 2,
   "time_ns": 1039613903
  },
  {
   "action": "allowed",
   "arch": "x86_64",
   "args": {
    "argv": [
     "/tmp/.hidden/updater",
     "--check"
    ],
    "env": [
     "USER=user",
     "HOME=/home/user",
     "TERM=xterm-256color",
     "PATH=/usr/local/bin:/usr/bin:/bin",
     "LANG=C.UTF-8",
     "SHELL=/bin/bash",
     "PWD=/home/user/Downloads"
    ],
    "path": "/tmp/.hidden/updater"
   },
   "category": "process",
   "image": "dash",
   "kind": "syscall",
   "name": "execve",
   "pid": 6,
   "ppid": 2,
   "seq": 124,
   "tid": 6,
   "time_ns": 1041447507
  },
  {
   "action": "allowed",
   "arch": "x86_64",
   "args": {
    "flags": "O_RDONLY|O_CLOEXEC",
    "path": "/etc/ld.so.cache"
   },
   "category": "file",
   "image": "dash",
   "kind": "syscall",
   "name": "openat",
   "pid": 6,
   "ppid": 2,
   "seq": 125,
   "tid": 6,
   "time_ns": 1042370676
  },
  {
   "action": "allowed",
   "arch": "x86_64",
   "args": {
    "flags": "O_RDONLY|O_CLOEXEC",
    "path": "/lib/x86_64-linux-gnu/libc.so.6"
   },
   "category": "file",
   "image": "dash",
   "kind": "syscall",
   "name": "openat",
   "pid": 6,
   "ppid": 2,
   "seq": 126,
   "tid": 6,
   "time_ns": 1042457235
  },
  {
   "action": "allowed",
   "arch": "x86_64",
   "args": {
    "addr": "0x7f38fbcaa000",
    "fd": 3,
    "fd_path": "/usr/lib/x86_64-linux-gnu/libc.so.6",
    "flags": "MAP_PRIVATE|MAP_FIXED|MAP_DENYWRITE",
    "length": 1400832,
    "prot": "PROT_READ|PROT_EXEC"
   },
   "category": "memory",
   "image": "dash",
   "kind": "syscall",
   "name": "mmap",
   "pid": 6,
   "ppid": 2,
   "seq": 127,
   "tid": 6,
   "time_ns": 1042500719
  },
  {
   "action": "allowed",
   "arch": "x86_64",
   "args": {
    "resource": "RLIMIT_STACK",
    "target_pid": 0
   },
   "category": "file",
   "image": "dash",
   "kind": "syscall",
   "name": "prlimit64",
   "pid": 6,
   "ppid": 2,
   "seq": 128,
   "tid": 6,
   "time_ns": 1042732072
  },
  {
   "action": "allowed",
   "arch": "x86_64",
   "args": {
    "flags": "O_RDONLY",
    "path": "/tmp/.hidden/updater"
   },
   "category": "file",
   "image": "dash",
   "kind": "syscall",
   "name": "openat",
   "pid": 6,
   "ppid": 2,
   "seq": 129,
   "tid": 6,
   "time_ns": 1042848385
  },
  {
   "action": "allowed",
   "arch": "x86_64",
   "args": {
    "code": 0
   },
   "category": "process",
   "image": "dash",
   "kind": "syscall",
   "name": "exit_group",
   "pid": 6,
   "ppid": 2,
   "seq": 130,
   "tid": 6,
   "time_ns": 1042932420
  },
  {
   "action": "allowed",
   "arch": "x86_64",
   "args": {},
   "category": "process",
   "image": "dash",
   "kind": "syscall",
   "name": "vfork",
   "pid": 2,
   "ppid": 1,
   "seq": 131,
   "tid": 2,
   "time_ns": 1043102392
  },
  {
   "action": "allowed",
   "arch": "x86_64",
   "args": {
    "argv": [
     "mkdir",
     "-p",
     "/home/user/.config/autostart"
    ],
    "env": [
     "USER=user",
     "HOME=/home/user",
     "TERM=xterm-256color",
     "PATH=/usr/local/bin:/usr/bin:/bin",
     "LANG=C.UTF-8",
     "SHELL=/bin/bash",
     "PWD=/home/user/Downloads"
    ],
    "path": "/usr/bin/mkdir"
   },
   "category": "process",
   "image": "dash",
   "kind": "syscall",
   "name": "execve",
   "pid": 7,
   "ppid": 2,
   "seq": 132,
   "tid": 7,
   "time_ns": 1043151214
  },
  {
   "action": "allowed",
   "arch": "x86_64",
   "args": {
    "flags": "O_RDONLY|O_CLOEXEC",
    "path": "/etc/ld.so.cache"
   },
   "category": "file",
   "image": "mkdir",
   "kind": "syscall",
   "name": "openat",
   "pid": 7,
   "ppid": 2,
   "seq": 133,
   "tid": 7,
   "time_ns": 1043949438
  },
  {
   "action": "allowed",
   "arch": "x86_64",
   "args": {
    "flags": "O_RDONLY|O_CLOEXEC",
    "path": "/lib/x86_64-linux-gnu/libselinux.so.1"
   },
   "category": "file",
   "image": "mkdir",
   "kind": "syscall",
   "name": "openat",
   "pid": 7,
   "ppid": 2,
   "seq": 134,
   "tid": 7,
   "time_ns": 1044039572
  },
  {
   "action": "allowed",
   "arch": "x86_64",
   "args": {
    "addr": "0x7fedb6c97000",
    "fd": 3,
    "fd_path": "/usr/lib/x86_64-linux-gnu/libselinux.so.1",
    "flags": "MAP_PRIVATE|MAP_FIXED|MAP_DENYWRITE",
    "length": 110592,
    "prot": "PROT_READ|PROT_EXEC"
   },
   "category": "memory",
   "image": "mkdir",
   "kind": "syscall",
   "name": "mmap",
   "pid": 7,
   "ppid": 2,
   "seq": 135,
   "tid": 7,
   "time_ns": 1044103687
  },
  {
   "action": "allowed",
   "arch": "x86_64",
   "args": {
    "flags": "O_RDONLY|O_CLOEXEC",
    "path": "/lib/x86_64-linux-gnu/libc.so.6"
   },
   "category": "file",
   "image": "mkdir",
   "kind": "syscall",
   "name": "openat",
   "pid": 7,
   "ppid": 2,
   "seq": 136,
   "tid": 7,
   "time_ns": 1047600954
  },
  {
   "action": "allowed",
   "arch": "x86_64",
   "args": {
    "addr": "0x7fedb6ad4000",
    "fd": 3,
    "fd_path": "/usr/lib/x86_64-linux-gnu/libc.so.6",
    "flags": "MAP_PRIVATE|MAP_FIXED|MAP_DENYWRITE",
    "length": 1400832,
    "prot": "PROT_READ|PROT_EXEC"
   },
   "category": "memory",
   "image": "mkdir",
   "kind": "syscall",
   "name": "mmap",
   "pid": 7,
   "ppid": 2,
   "seq": 137,
   "tid": 7,
   "time_ns": 1047683696
  },
  {
   "action": "allowed",
   "arch": "x86_64",
   "args": {
    "flags": "O_RDONLY|O_CLOEXEC",
    "path": "/lib/x86_64-linux-gnu/libpcre2-8.so.0"
   },
   "category": "file",
   "image": "mkdir",
   "kind": "syscall",
   "name": "openat",
   "pid": 7,
   "ppid": 2,
   "seq": 138,
   "tid": 7,
   "time_ns": 1047788131
  },
  {
   "action": "allowed",
   "arch": "x86_64",
   "args": {
    "addr": "0x7fedb6a16000",
    "fd": 3,
    "fd_path": "/usr/lib/x86_64-linux-gnu/libpcre2-8.so.0.11.2",
    "flags": "MAP_PRIVATE|MAP_FIXED|MAP_DENYWRITE",
    "length": 438272,
    "prot": "PROT_READ|PROT_EXEC"
   },
   "category": "memory",
   "image": "mkdir",
   "kind": "syscall",
   "name": "mmap",
   "pid": 7,
   "ppid": 2,
   "seq": 139,
   "tid": 7,
   "time_ns": 1047838386
  },
  {
   "action": "allowed",
   "arch": "x86_64",
   "args": {
    "resource": "RLIMIT_STACK",
    "target_pid": 0
   },
   "category": "file",
   "image": "mkdir",
   "kind": "syscall",
   "name": "prlimit64",
   "pid": 7,
   "ppid": 2,
   "seq": 140,
   "tid": 7,
   "time_ns": 1048102377
  },
  {
   "action": "allowed",
   "arch": "x86_64",
   "args": {
    "flags": "O_RDONLY|O_CLOEXEC",
    "path": "/proc/filesystems"
   },
   "category": "file",
   "image": "mkdir",
   "kind": "syscall",
   "name": "openat",
   "pid": 7,
   "ppid": 2,
   "seq": 141,
   "tid": 7,
   "time_ns": 1048211930
  },
  {
   "action": "allowed",
   "arch": "x86_64",
   "args": {
    "flags": "O_RDONLY|O_CLOEXEC",
    "path": "/usr/lib/locale/locale-archive"
   },
   "category": "file",
   "image": "mkdir",
   "kind": "syscall",
   "name": "openat",
   "pid": 7,
   "ppid": 2,
   "seq": 142,
   "tid": 7,
   "time_ns": 1048298468
  },
  {
   "action": "allowed",
   "arch": "x86_64",
   "args": {
    "flags": "O_RDONLY|O_CLOEXEC",
    "path": "/usr/share/locale/locale.alias"
   },
   "category": "file",
   "image": "mkdir",
   "kind": "syscall",
   "name": "openat",
   "pid": 7,
   "ppid": 2,
   "seq": 143,
   "tid": 7,
   "time_ns": 1048337977
  },
  {
   "action": "allowed",
   "arch": "x86_64",
   "args": {
    "flags": "O_RDONLY|O_CLOEXEC",
    "path": "/usr/lib/locale/C.UTF-8/LC_IDENTIFICATION"
   },
   "category": "file",
   "image": "mkdir",
   "kind": "syscall",
   "name": "openat",
   "pid": 7,
   "ppid": 2,
   "seq": 144,
   "tid": 7,
   "time_ns": 1048391887
  },
  {
   "action": "allowed",
   "arch": "x86_64",
   "args": {
    "flags": "O_RDONLY|O_CLOEXEC",
    "path": "/usr/lib/locale/C.utf8/LC_IDENTIFICATION"
   },
   "category": "file",
   "image": "mkdir",
   "kind": "syscall",
   "name": "openat",
   "pid": 7,
   "ppid": 2,
   "seq": 145,
   "tid": 7,
   "time_ns": 1048422242
  },
  {
   "action": "allowed",
   "arch": "x86_64",
   "args": {
    "flags": "O_RDONLY",
    "path": "/usr/lib/x86_64-linux-gnu/gconv/gconv-modules.cache"
   },
   "category": "file",
   "image": "mkdir",
   "kind": "syscall",
   "name": "openat",
   "pid": 7,
   "ppid": 2,
   "seq": 146,
   "tid": 7,
   "time_ns": 1048462251
  },
  {
   "action": "allowed",
   "arch": "x86_64",
   "args": {
    "flags": "O_RDONLY|O_CLOEXEC",
    "path": "/usr/lib/locale/C.UTF-8/LC_MEASUREMENT"
   },
   "category": "file",
   "image": "mkdir",
   "kind": "syscall",
   "name": "openat",
   "pid": 7,
   "ppid": 2,
   "seq": 147,
   "tid": 7,
   "time_ns": 1048507328
  },
  {
   "action": "allowed",
   "arch": "x86_64",
   "args": {
    "flags": "O_RDONLY|O_CLOEXEC",
    "path": "/usr/lib/locale/C.utf8/LC_MEASUREMENT"
   },
   "category": "file",
   "image": "mkdir",
   "kind": "syscall",
   "name": "openat",
   "pid": 7,
   "ppid": 2,
   "seq": 148,
   "tid": 7,
   "time_ns": 1048536411
  },
  {
   "action": "allowed",
   "arch": "x86_64",
   "args": {
    "flags": "O_RDONLY|O_CLOEXEC",
    "path": "/usr/lib/locale/C.UTF-8/LC_TELEPHONE"
   },
   "category": "file",
   "image": "mkdir",
   "kind": "syscall",
   "name": "openat",
   "pid": 7,
   "ppid": 2,
   "seq": 149,
   "tid": 7,
   "time_ns": 1048573476
  },
  {
   "action": "allowed",
   "arch": "x86_64",
   "args": {
    "flags": "O_RDONLY|O_CLOEXEC",
    "path": "/usr/lib/locale/C.utf8/LC_TELEPHONE"
   },
   "category": "file",
   "image": "mkdir",
   "kind": "syscall",
   "name": "openat",
   "pid": 7,
   "ppid": 2,
   "seq": 150,
   "tid": 7,
   "time_ns": 1048600927
  },
  {
   "action": "allowed",
   "arch": "x86_64",
   "args": {
    "flags": "O_RDONLY|O_CLOEXEC",
    "path": "/usr/lib/locale/C.UTF-8/LC_ADDRESS"
   },
   "category": "file",
   "image": "mkdir",
   "kind": "syscall",
   "name": "openat",
   "pid": 7,
   "ppid": 2,
   "seq": 151,
   "tid": 7,
   "time_ns": 1048639955
  },
  {
   "action": "allowed",
   "arch": "x86_64",
   "args": {
    "flags": "O_RDONLY|O_CLOEXEC",
    "path": "/usr/lib/locale/C.utf8/LC_ADDRESS"
   },
   "category": "file",
   "image": "mkdir",
   "kind": "syscall",
   "name": "openat",
   "pid": 7,
   "ppid": 2,
   "seq": 152,
   "tid": 7,
   "time_ns": 1048672283
  },
  {
   "action": "allowed",
   "arch": "x86_64",
   "args": {
    "flags": "O_RDONLY|O_CLOEXEC",
    "path": "/usr/lib/locale/C.UTF-8/LC_NAME"
   },
   "category": "file",
   "image": "mkdir",
   "kind": "syscall",
   "name": "openat",
   "pid": 7,
   "ppid": 2,
   "seq": 153,
   "tid": 7,
   "time_ns": 1048714015
  },
  {
   "action": "allowed",
   "arch": "x86_64",
   "args": {
    "flags": "O_RDONLY|O_CLOEXEC",
    "path": "/usr/lib/locale/C.utf8/LC_NAME"
   },
   "category": "file",
   "image": "mkdir",
   "kind": "syscall",
   "name": "openat",
   "pid": 7,
   "ppid": 2,
   "seq": 154,
   "tid": 7,
   "time_ns": 1048742697
  },
  {
   "action": "allowed",
   "arch": "x86_64",
   "args": {
    "flags": "O_RDONLY|O_CLOEXEC",
    "path": "/usr/lib/locale/C.UTF-8/LC_PAPER"
   },
   "category": "file",
   "image": "mkdir",
   "kind": "syscall",
   "name": "openat",
   "pid": 7,
   "ppid": 2,
   "seq": 155,
   "tid": 7,
   "time_ns": 1048779692
  },
  {
   "action": "allowed",
   "arch": "x86_64",
   "args": {
    "flags": "O_RDONLY|O_CLOEXEC",
    "path": "/usr/lib/locale/C.utf8/LC_PAPER"
   },
   "category": "file",
   "image": "mkdir",
   "kind": "syscall",
   "name": "openat",
   "pid": 7,
   "ppid": 2,
   "seq": 156,
   "tid": 7,
   "time_ns": 1048807163
  },
  {
   "action": "allowed",
   "arch": "x86_64",
   "args": {
    "flags": "O_RDONLY|O_CLOEXEC",
    "path": "/usr/lib/locale/C.UTF-8/LC_MESSAGES"
   },
   "category": "file",
   "image": "mkdir",
   "kind": "syscall",
   "name": "openat",
   "pid": 7,
   "ppid": 2,
   "seq": 157,
   "tid": 7,
   "time_ns": 1048843256
  },
  {
   "action": "allowed",
   "arch": "x86_64",
   "args": {
    "flags": "O_RDONLY|O_CLOEXEC",
    "path": "/usr/lib/locale/C.utf8/LC_MESSAGES"
   },
   "category": "file",
   "image": "mkdir",
   "kind": "syscall",
   "name": "openat",
   "pid": 7,
   "ppid": 2,
   "seq": 158,
   "tid": 7,
   "time_ns": 1048871017
  },
  {
   "action": "allowed",
   "arch": "x86_64",
   "args": {
    "flags": "O_RDONLY|O_CLOEXEC",
    "path": "/usr/lib/locale/C.utf8/LC_MESSAGES/SYS_LC_MESSAGES"
   },
   "category": "file",
   "image": "mkdir",
   "kind": "syscall",
   "name": "openat",
   "pid": 7,
   "ppid": 2,
   "seq": 159,
   "tid": 7,
   "time_ns": 1048901432
  },
  {
   "action": "allowed",
   "arch": "x86_64",
   "args": {
    "flags": "O_RDONLY|O_CLOEXEC",
    "path": "/usr/lib/locale/C.UTF-8/LC_MONETARY"
   },
   "category": "file",
   "image": "mkdir",
   "kind": "syscall",
   "name": "openat",
   "pid": 7,
   "ppid": 2,
   "seq": 160,
   "tid": 7,
   "time_ns": 1048941071
  },
  {
   "action": "allowed",
   "arch": "x86_64",
   "args": {
    "flags": "O_RDONLY|O_CLOEXEC",
    "path": "/usr/lib/locale/C.utf8/LC_MONETARY"
   },
   "category": "file",
   "image": "mkdir",
   "kind": "syscall",
   "name": "openat",
   "pid": 7,
   "ppid": 2,
   "seq": 161,
   "tid": 7,
   "time_ns": 1048968893
  },
  {
   "action": "allowed",
   "arch": "x86_64",
   "args": {
    "flags": "O_RDONLY|O_CLOEXEC",
    "path": "/usr/lib/locale/C.UTF-8/LC_COLLATE"
   },
   "category": "file",
   "image": "mkdir",
   "kind": "syscall",
   "name": "openat",
   "pid": 7,
   "ppid": 2,
   "seq": 162,
   "tid": 7,
   "time_ns": 1049012758
  },
  {
   "action": "allowed",
   "arch": "x86_64",
   "args": {
    "flags": "O_RDONLY|O_CLOEXEC",
    "path": "/usr/lib/locale/C.utf8/LC_COLLATE"
   },
   "category": "file",
   "image": "mkdir",
   "kind": "syscall",
   "name": "openat",
   "pid": 7,
   "ppid": 2,
   "seq": 163,
   "tid": 7,
   "time_ns": 1049040479
  },
  {
   "action": "allowed",
   "arch": "x86_64",
   "args": {
    "flags": "O_RDONLY|O_CLOEXEC",
    "path": "/usr/lib/locale/C.UTF-8/LC_TIME"
   },
   "category": "file",
   "image": "mkdir",
   "kind": "syscall",
   "name": "openat",
   "pid": 7,
   "ppid": 2,
   "seq": 164,
   "tid": 7,
   "time_ns": 1049085415
  },
  {
   "action": "allowed",
   "arch": "x86_64",
   "args": {
    "flags": "O_RDONLY|O_CLOEXEC",
    "path": "/usr/lib/locale/C.utf8/LC_TIME"
   },
   "category": "file",
   "image": "mkdir",
   "kind": "syscall",
   "name": "openat",
   "pid": 7,
   "ppid": 2,
   "seq": 165,
   "tid": 7,
   "time_ns": 1049113797
  },
  {
   "action": "allowed",
   "arch": "x86_64",
   "args": {
    "flags": "O_RDONLY|O_CLOEXEC",
    "path": "/usr/lib/locale/C.UTF-8/LC_NUMERIC"
   },
   "category": "file",
   "image": "mkdir",
   "kind": "syscall",
   "name": "openat",
   "pid": 7,
   "ppid": 2,
   "seq": 166,
   "tid": 7,
   "time_ns": 1049152104
  },
  {
   "action": "allowed",
   "arch": "x86_64",
   "args": {
    "flags": "O_RDONLY|O_CLOEXEC",
    "path": "/usr/lib/locale/C.utf8/LC_NUMERIC"
   },
   "category": "file",
   "image": "mkdir",
   "kind": "syscall",
   "name": "openat",
   "pid": 7,
   "ppid": 2,
   "seq": 167,
   "tid": 7,
   "time_ns": 1049180186
  },
  {
   "action": "allowed",
   "arch": "x86_64",
   "args": {
    "flags": "O_RDONLY|O_CLOEXEC",
    "path": "/usr/lib/locale/C.UTF-8/LC_CTYPE"
   },
   "category": "file",
   "image": "mkdir",
   "kind": "syscall",
   "name": "openat",
   "pid": 7,
   "ppid": 2,
   "seq": 168,
   "tid": 7,
   "time_ns": 1049216980
  },
  {
   "action": "allowed",
   "arch": "x86_64",
   "args": {
    "flags": "O_RDONLY|O_CLOEXEC",
    "path": "/usr/lib/locale/C.utf8/LC_CTYPE"
   },
   "category": "file",
   "image": "mkdir",
   "kind": "syscall",
   "name": "openat",
   "pid": 7,
   "ppid": 2,
   "seq": 169,
   "tid": 7,
   "time_ns": 1049244201
  },
  {
   "action": "allowed",
   "arch": "x86_64",
   "args": {
    "mode": "0777",
    "path": "/home"
   },
   "category": "file",
   "image": "mkdir",
   "kind": "syscall",
   "name": "mkdir",
   "pid": 7,
   "ppid": 2,
   "seq": 170,
   "tid": 7,
   "time_ns": 1049298932
  },
  {
   "action": "allowed",
   "arch": "x86_64",
   "args": {
    "path": "/home"
   },
   "category": "file",
   "image": "mkdir",
   "kind": "syscall",
   "name": "chdir",
   "pid": 7,
   "ppid": 2,
   "seq": 171,
   "tid": 7,
   "time_ns": 1049328836
  },
  {
   "action": "allowed",
   "arch": "x86_64",
   "args": {
    "mode": "0777",
    "path": "/home/user",
    "raw_path": "user"
   },
   "category": "file",
   "image": "mkdir",
   "kind": "syscall",
   "name": "mkdir",
   "pid": 7,
   "ppid": 2,
   "seq": 172,
   "tid": 7,
   "time_ns": 1049352862
  },
  {
   "action": "allowed",
   "arch": "x86_64",
   "args": {
    "path": "/home/user",
    "raw_path": "user"
   },
   "category": "file",
   "image": "mkdir",
   "kind": "syscall",
   "name": "chdir",
   "pid": 7,
   "ppid": 2,
   "seq": 173,
   "tid": 7,
   "time_ns": 1049390197
  },
  {
   "action": "allowed",
   "arch": "x86_64",
   "args": {
    "mode": "0777",
    "path": "/home/user/.config",
    "raw_path": ".config"
   },
   "category": "file",
   "image": "mkdir",
   "kind": "syscall",
   "name": "mkdir",
   "pid": 7,
   "ppid": 2,
   "seq": 174,
   "tid": 7,
   "time_ns": 1049417388
  },
  {
   "action": "allowed",
   "arch": "x86_64",
   "args": {
    "path": "/home/user/.config",
    "raw_path": ".config"
   },
   "category": "file",
   "image": "mkdir",
   "kind": "syscall",
   "name": "chdir",
   "pid": 7,
   "ppid": 2,
   "seq": 175,
   "tid": 7,
   "time_ns": 1049460011
  },
  {
   "action": "allowed",
   "arch": "x86_64",
   "args": {
    "mode": "0777",
    "path": "/home/user/.config/autostart",
    "raw_path": "autostart"
   },
   "category": "file",
   "image": "mkdir",
   "kind": "syscall",
   "name": "mkdir",
   "pid": 7,
   "ppid": 2,
   "seq": 176,
   "tid": 7,
   "time_ns": 1049487722
  },
  {
   "action": "allowed",
   "arch": "x86_64",
   "args": {
    "code": 0
   },
   "category": "process",
   "image": "mkdir",
   "kind": "syscall",
   "name": "exit_group",
   "pid": 7,
   "ppid": 2,
   "seq": 177,
   "tid": 7,
   "time_ns": 1056186257
  },
  {
   "action": "allowed",
   "arch": "x86_64",
   "args": {
    "flags": "O_WRONLY|O_CREAT|O_TRUNC",
    "mode": "0666",
    "path": "/home/user/.config/demo-updater.conf"
   },
   "category": "file",
   "image": "dash",
   "kind": "syscall",
   "name": "openat",
   "pid": 2,
   "ppid": 1,
   "seq": 178,
   "tid": 2,
   "time_ns": 1056637256
  },
  {
   "action": "allowed",
   "arch": "x86_64",
   "args": {
    "flags": "O_WRONLY|O_CREAT|O_TRUNC",
    "mode": "0666",
    "path": "/home/user/.config/autostart/updater.desktop"
   },
   "category": "file",
   "image": "dash",
   "kind": "syscall",
   "name": "openat",
   "pid": 2,
   "ppid": 1,
   "seq": 179,
   "tid": 2,
   "time_ns": 1059642082
  },
  {
   "action": "allowed",
   "arch": "x86_64",
   "args": {},
   "category": "process",
   "image": "dash",
   "kind": "syscall",
   "name": "vfork",
   "pid": 2,
   "ppid": 1,
   "seq": 180,
   "tid": 2,
   "time_ns": 1072457209
  },
  {
   "action": "allowed",
   "arch": "x86_64",
   "args": {
    "argv": [
     "cat"
    ],
    "env": [
     "USER=user",
     "HOME=/home/user",
     "TERM=xterm-256color",
     "PATH=/usr/local/bin:/usr/bin:/bin",
     "LANG=C.UTF-8",
     "SHELL=/bin/bash",
     "PWD=/home/user/Downloads"
    ],
    "path": "/usr/bin/cat"
   },
   "category": "process",
   "image": "dash",
   "kind": "syscall",
   "name": "execve",
   "pid": 8,
   "ppid": 2,
   "seq": 181,
   "tid": 8,
   "time_ns": 1072651657
  },
  {
   "action": "allowed",
   "arch": "x86_64",
   "args": {
    "flags": "O_RDONLY|O_CLOEXEC",
    "path": "/etc/ld.so.cache"
   },
   "category": "file",
   "image": "cat",
   "kind": "syscall",
   "name": "openat",
   "pid": 8,
   "ppid": 2,
   "seq": 182,
   "tid": 8,
   "time_ns": 1073592222
  },
  {
   "action": "allowed",
   "arch": "x86_64",
   "args": {
    "flags": "O_RDONLY|O_CLOEXEC",
    "path": "/lib/x86_64-linux-gnu/libc.so.6"
   },
   "category": "file",
   "image": "cat",
   "kind": "syscall",
   "name": "openat",
   "pid": 8,
   "ppid": 2,
   "seq": 183,
   "tid": 8,
   "time_ns": 1075865995
  },
  {
   "action": "allowed",
   "arch": "x86_64",
   "args": {
    "addr": "0x7f7a06bd5000",
    "fd": 3,
    "fd_path": "/usr/lib/x86_64-linux-gnu/libc.so.6",
    "flags": "MAP_PRIVATE|MAP_FIXED|MAP_DENYWRITE",
    "length": 1400832,
    "prot": "PROT_READ|PROT_EXEC"
   },
   "category": "memory",
   "image": "cat",
   "kind": "syscall",
   "name": "mmap",
   "pid": 8,
   "ppid": 2,
   "seq": 184,
   "tid": 8,
   "time_ns": 1075927376
  },
  {
   "action": "allowed",
   "arch": "x86_64",
   "args": {
    "resource": "RLIMIT_STACK",
    "target_pid": 0
   },
   "category": "file",
   "image": "cat",
   "kind": "syscall",
   "name": "prlimit64",
   "pid": 8,
   "ppid": 2,
   "seq": 185,
   "tid": 8,
   "time_ns": 1076173631
  },
  {
   "action": "allowed",
   "arch": "x86_64",
   "args": {
    "flags": "O_RDONLY|O_CLOEXEC",
    "path": "/usr/lib/locale/locale-archive"
   },
   "category": "file",
   "image": "cat",
   "kind": "syscall",
   "name": "openat",
   "pid": 8,
   "ppid": 2,
   "seq": 186,
   "tid": 8,
   "time_ns": 1079375560
  },
  {
   "action": "allowed",
   "arch": "x86_64",
   "args": {
    "flags": "O_RDONLY|O_CLOEXEC",
    "path": "/usr/share/locale/locale.alias"
   },
   "category": "file",
   "image": "cat",
   "kind": "syscall",
   "name": "openat",
   "pid": 8,
   "ppid": 2,
   "seq": 187,
   "tid": 8,
   "time_ns": 1079461487
  },
  {
   "action": "allowed",
   "arch": "x86_64",
   "args": {
    "flags": "O_RDONLY|O_CLOEXEC",
    "path": "/usr/lib/locale/C.UTF-8/LC_IDENTIFICATION"
   },
   "category": "file",
   "image": "cat",
   "kind": "syscall",
   "name": "openat",
   "pid": 8,
   "ppid": 2,
   "seq": 188,
   "tid": 8,
   "time_ns": 1079529568
  },
  {
   "action": "allowed",
   "arch": "x86_64",
   "args": {
    "flags": "O_RDONLY|O_CLOEXEC",
    "path": "/usr/lib/locale/C.utf8/LC_IDENTIFICATION"
   },
   "category": "file",
   "image": "cat",
   "kind": "syscall",
   "name": "openat",
   "pid": 8,
   "ppid": 2,
   "seq": 189,
   "tid": 8,
   "time_ns": 1079599102
  },
  {
   "action": "allowed",
   "arch": "x86_64",
   "args": {
    "flags": "O_RDONLY",
    "path": "/usr/lib/x86_64-linux-gnu/gconv/gconv-modules.cache"
   },
   "category": "file",
   "image": "cat",
   "kind": "syscall",
   "name": "openat",
   "pid": 8,
   "ppid": 2,
   "seq": 190,
   "tid": 8,
   "time_ns": 1079645510
  },
  {
   "action": "allowed",
   "arch": "x86_64",
   "args": {
    "flags": "O_RDONLY|O_CLOEXEC",
    "path": "/usr/lib/locale/C.UTF-8/LC_MEASUREMENT"
   },
   "category": "file",
   "image": "cat",
   "kind": "syscall",
   "name": "openat",
   "pid": 8,
   "ppid": 2,
   "seq": 191,
   "tid": 8,
   "time_ns": 1079690848
  },
  {
   "action": "allowed",
   "arch": "x86_64",
   "args": {
    "flags": "O_RDONLY|O_CLOEXEC",
    "path": "/usr/lib/locale/C.utf8/LC_MEASUREMENT"
   },
   "category": "file",
   "image": "cat",
   "kind": "syscall",
   "name": "openat",
   "pid": 8,
   "ppid": 2,
   "seq": 192,
   "tid": 8,
   "time_ns": 1079721113
  },
  {
   "action": "allowed",
   "arch": "x86_64",
   "args": {
    "flags": "O_RDONLY|O_CLOEXEC",
    "path": "/usr/lib/locale/C.UTF-8/LC_TELEPHONE"
   },
   "category": "file",
   "image": "cat",
   "kind": "syscall",
   "name": "openat",
   "pid": 8,
   "ppid": 2,
   "seq": 193,
   "tid": 8,
   "time_ns": 1079758218
  },
  {
   "action": "allowed",
   "arch": "x86_64",
   "args": {
    "flags": "O_RDONLY|O_CLOEXEC",
    "path": "/usr/lib/locale/C.utf8/LC_TELEPHONE"
   },
   "category": "file",
   "image": "cat",
   "kind": "syscall",
   "name": "openat",
   "pid": 8,
   "ppid": 2,
   "seq": 194,
   "tid": 8,
   "time_ns": 1079786079
  },
  {
   "action": "allowed",
   "arch": "x86_64",
   "args": {
    "flags": "O_RDONLY|O_CLOEXEC",
    "path": "/usr/lib/locale/C.UTF-8/LC_ADDRESS"
   },
   "category": "file",
   "image": "cat",
   "kind": "syscall",
   "name": "openat",
   "pid": 8,
   "ppid": 2,
   "seq": 195,
   "tid": 8,
   "time_ns": 1079822022
  },
  {
   "action": "allowed",
   "arch": "x86_64",
   "args": {
    "flags": "O_RDONLY|O_CLOEXEC",
    "path": "/usr/lib/locale/C.utf8/LC_ADDRESS"
   },
   "category": "file",
   "image": "cat",
   "kind": "syscall",
   "name": "openat",
   "pid": 8,
   "ppid": 2,
   "seq": 196,
   "tid": 8,
   "time_ns": 1079849463
  },
  {
   "action": "allowed",
   "arch": "x86_64",
   "args": {
    "flags": "O_RDONLY|O_CLOEXEC",
    "path": "/usr/lib/locale/C.UTF-8/LC_NAME"
   },
   "category": "file",
   "image": "cat",
   "kind": "syscall",
   "name": "openat",
   "pid": 8,
   "ppid": 2,
   "seq": 197,
   "tid": 8,
   "time_ns": 1079884455
  },
  {
   "action": "allowed",
   "arch": "x86_64",
   "args": {
    "flags": "O_RDONLY|O_CLOEXEC",
    "path": "/usr/lib/locale/C.utf8/LC_NAME"
   },
   "category": "file",
   "image": "cat",
   "kind": "syscall",
   "name": "openat",
   "pid": 8,
   "ppid": 2,
   "seq": 198,
   "tid": 8,
   "time_ns": 1079912366
  },
  {
   "action": "allowed",
   "arch": "x86_64",
   "args": {
    "flags": "O_RDONLY|O_CLOEXEC",
    "path": "/usr/lib/locale/C.UTF-8/LC_PAPER"
   },
   "category": "file",
   "image": "cat",
   "kind": "syscall",
   "name": "openat",
   "pid": 8,
   "ppid": 2,
   "seq": 199,
   "tid": 8,
   "time_ns": 1079955190
  },
  {
   "action": "allowed",
   "arch": "x86_64",
   "args": {
    "flags": "O_RDONLY|O_CLOEXEC",
    "path": "/usr/lib/locale/C.utf8/LC_PAPER"
   },
   "category": "file",
   "image": "cat",
   "kind": "syscall",
   "name": "openat",
   "pid": 8,
   "ppid": 2,
   "seq": 200,
   "tid": 8,
   "time_ns": 1079982590
  },
  {
   "action": "allowed",
   "arch": "x86_64",
   "args": {
    "flags": "O_RDONLY|O_CLOEXEC",
    "path": "/usr/lib/locale/C.UTF-8/LC_MESSAGES"
   },
   "category": "file",
   "image": "cat",
   "kind": "syscall",
   "name": "openat",
   "pid": 8,
   "ppid": 2,
   "seq": 201,
   "tid": 8,
   "time_ns": 1080037392
  },
  {
   "action": "allowed",
   "arch": "x86_64",
   "args": {
    "flags": "O_RDONLY|O_CLOEXEC",
    "path": "/usr/lib/locale/C.utf8/LC_MESSAGES"
   },
   "category": "file",
   "image": "cat",
   "kind": "syscall",
   "name": "openat",
   "pid": 8,
   "ppid": 2,
   "seq": 202,
   "tid": 8,
   "time_ns": 1080089549
  },
  {
   "action": "allowed",
   "arch": "x86_64",
   "args": {
    "flags": "O_RDONLY|O_CLOEXEC",
    "path": "/usr/lib/locale/C.utf8/LC_MESSAGES/SYS_LC_MESSAGES"
   },
   "category": "file",
   "image": "cat",
   "kind": "syscall",
   "name": "openat",
   "pid": 8,
   "ppid": 2,
   "seq": 203,
   "tid": 8,
   "time_ns": 1080137069
  },
  {
   "action": "allowed",
   "arch": "x86_64",
   "args": {
    "flags": "O_RDONLY|O_CLOEXEC",
    "path": "/usr/lib/locale/C.UTF-8/LC_MONETARY"
   },
   "category": "file",
   "image": "cat",
   "kind": "syscall",
   "name": "openat",
   "pid": 8,
   "ppid": 2,
   "seq": 204,
   "tid": 8,
   "time_ns": 1080182807
  },
  {
   "action": "allowed",
   "arch": "x86_64",
   "args": {
    "flags": "O_RDONLY|O_CLOEXEC",
    "path": "/usr/lib/locale/C.utf8/LC_MONETARY"
   },
   "category": "file",
   "image": "cat",
   "kind": "syscall",
   "name": "openat",
   "pid": 8,
   "ppid": 2,
   "seq": 205,
   "tid": 8,
   "time_ns": 1080211540
  },
  {
   "action": "allowed",
   "arch": "x86_64",
   "args": {
    "flags": "O_RDONLY|O_CLOEXEC",
    "path": "/usr/lib/locale/C.UTF-8/LC_COLLATE"
   },
   "category": "file",
   "image": "cat",
   "kind": "syscall",
   "name": "openat",
   "pid": 8,
   "ppid": 2,
   "seq": 206,
   "tid": 8,
   "time_ns": 1080256927
  },
  {
   "action": "allowed",
   "arch": "x86_64",
   "args": {
    "flags": "O_RDONLY|O_CLOEXEC",
    "path": "/usr/lib/locale/C.utf8/LC_COLLATE"
   },
   "category": "file",
   "image": "cat",
   "kind": "syscall",
   "name": "openat",
   "pid": 8,
   "ppid": 2,
   "seq": 207,
   "tid": 8,
   "time_ns": 1080285179
  },
  {
   "action": "allowed",
   "arch": "x86_64",
   "args": {
    "flags": "O_RDONLY|O_CLOEXEC",
    "path": "/usr/lib/locale/C.UTF-8/LC_TIME"
   },
   "category": "file",
   "image": "cat",
   "kind": "syscall",
   "name": "openat",
   "pid": 8,
   "ppid": 2,
   "seq": 208,
   "tid": 8,
   "time_ns": 1080321152
  },
  {
   "action": "allowed",
   "arch": "x86_64",
   "args": {
    "flags": "O_RDONLY|O_CLOEXEC",
    "path": "/usr/lib/locale/C.utf8/LC_TIME"
   },
   "category": "file",
   "image": "cat",
   "kind": "syscall",
   "name": "openat",
   "pid": 8,
   "ppid": 2,
   "seq": 209,
   "tid": 8,
   "time_ns": 1080355493
  },
  {
   "action": "allowed",
   "arch": "x86_64",
   "args": {
    "flags": "O_RDONLY|O_CLOEXEC",
    "path": "/usr/lib/locale/C.UTF-8/LC_NUMERIC"
   },
   "category": "file",
   "image": "cat",
   "kind": "syscall",
   "name": "openat",
   "pid": 8,
   "ppid": 2,
   "seq": 210,
   "tid": 8,
   "time_ns": 1080400150
  },
  {
   "action": "allowed",
   "arch": "x86_64",
   "args": {
    "flags": "O_RDONLY|O_CLOEXEC",
    "path": "/usr/lib/locale/C.utf8/LC_NUMERIC"
   },
   "category": "file",
   "image": "cat",
   "kind": "syscall",
   "name": "openat",
   "pid": 8,
   "ppid": 2,
   "seq": 211,
   "tid": 8,
   "time_ns": 1080428351
  },
  {
   "action": "allowed",
   "arch": "x86_64",
   "args": {
    "flags": "O_RDONLY|O_CLOEXEC",
    "path": "/usr/lib/locale/C.UTF-8/LC_CTYPE"
   },
   "category": "file",
   "image": "cat",
   "kind": "syscall",
   "name": "openat",
   "pid": 8,
   "ppid": 2,
   "seq": 212,
   "tid": 8,
   "time_ns": 1080469462
  },
  {
   "action": "allowed",
   "arch": "x86_64",
   "args": {
    "flags": "O_RDONLY|O_CLOEXEC",
    "path": "/usr/lib/locale/C.utf8/LC_CTYPE"
   },
   "category": "file",
   "image": "cat",
   "kind": "syscall",
   "name": "openat",
   "pid": 8,
   "ppid": 2,
   "seq": 213,
   "tid": 8,
   "time_ns": 1080497204
  },
  {
   "action": "allowed",
   "arch": "x86_64",
   "args": {
    "code": 0
   },
   "category": "process",
   "image": "cat",
   "kind": "syscall",
   "name": "exit_group",
   "pid": 8,
   "ppid": 2,
   "seq": 214,
   "tid": 8,
   "time_ns": 1080607597
  },
  {
   "action": "allowed",
   "arch": "x86_64",
   "args": {
    "clone_flags": "CLONE_CHILD_CLEARTID|CLONE_CHILD_SETTID|SIGCHLD"
   },
   "category": "process",
   "image": "dash",
   "kind": "syscall",
   "name": "clone",
   "pid": 2,
   "ppid": 1,
   "seq": 215,
   "tid": 2,
   "time_ns": 1080810719
  },
  {
   "action": "allowed",
   "arch": "x86_64",
   "args": {
    "clone_flags": "CLONE_CHILD_CLEARTID|CLONE_CHILD_SETTID|SIGCHLD"
   },
   "category": "process",
   "image": "dash",
   "kind": "syscall",
   "name": "clone",
   "pid": 9,
   "ppid": 2,
   "seq": 216,
   "tid": 9,
   "time_ns": 1081016183
  },
  {
   "action": "allowed",
   "arch": "x86_64",
   "args": {
    "clone_flags": "CLONE_CHILD_CLEARTID|CLONE_CHILD_SETTID|SIGCHLD"
   },
   "category": "process",
   "image": "dash",
   "kind": "syscall",
   "name": "clone",
   "pid": 9,
   "ppid": 2,
   "seq": 217,
   "tid": 9,
   "time_ns": 1081383007
  },
  {
   "action": "allowed",
   "arch": "x86_64",
   "args": {
    "argv": [
     "cat",
     "/etc/passwd"
    ],
    "env": [
     "USER=user",
     "HOME=/home/user",
     "TERM=xterm-256color",
     "PATH=/usr/local/bin:/usr/bin:/bin",
     "LANG=C.UTF-8",
     "SHELL=/bin/bash",
     "PWD=/home/user/Downloads"
    ],
    "path": "/usr/bin/cat"
   },
   "category": "process",
   "image": "dash",
   "kind": "syscall",
   "name": "execve",
   "pid": 10,
   "ppid": 9,
   "seq": 218,
   "tid": 10,
   "time_ns": 1081529224
  },
  {
   "action": "allowed",
   "arch": "x86_64",
   "args": {
    "argv": [
     "wc",
     "-l"
    ],
    "env": [
     "USER=user",
     "HOME=/home/user",
     "TERM=xterm-256color",
     "PATH=/usr/local/bin:/usr/bin:/bin",
     "LANG=C.UTF-8",
     "SHELL=/bin/bash",
     "PWD=/home/user/Downloads"
    ],
    "path": "/usr/bin/wc"
   },
   "category": "process",
   "image": "dash",
   "kind": "syscall",
   "name": "execve",
   "pid": 11,
   "ppid": 9,
   "seq": 219,
   "tid": 11,
   "time_ns": 1082412715
  },
  {
   "action": "allowed",
   "arch": "x86_64",
   "args": {
    "flags": "O_RDONLY|O_CLOEXEC",
    "path": "/etc/ld.so.cache"
   },
   "category": "file",
   "image": "cat",
   "kind": "syscall",
   "name": "openat",
   "pid": 10,
   "ppid": 9,
   "seq": 220,
   "tid": 10,
   "time_ns": 1084574931
  },
  {
   "action": "allowed",
   "arch": "x86_64",
   "args": {
    "flags": "O_RDONLY|O_CLOEXEC",
    "path": "/etc/ld.so.cache"
   },
   "category": "file",
   "image": "wc",
   "kind": "syscall",
   "name": "openat",
   "pid": 11,
   "ppid": 9,
   "seq": 221,
   "tid": 11,
   "time_ns": 1084663222
  },
  {
   "action": "allowed",
   "arch": "x86_64",
   "args": {
    "flags": "O_RDONLY|O_CLOEXEC",
    "path": "/lib/x86_64-linux-gnu/libc.so.6"
   },
   "category": "file",
   "image": "cat",
   "kind": "syscall",
   "name": "openat",
   "pid": 10,
   "ppid": 9,
   "seq": 222,
   "tid": 10,
   "time_ns": 1084712155
  },
  {
   "action": "allowed",
   "arch": "x86_64",
   "args": {
    "flags": "O_RDONLY|O_CLOEXEC",
    "path": "/lib/x86_64-linux-gnu/libc.so.6"
   },
   "category": "file",
   "image": "wc",
   "kind": "syscall",
   "name": "openat",
   "pid": 11,
   "ppid": 9,
   "seq": 223,
   "tid": 11,
   "time_ns": 1084753757
  },
  {
   "action": "allowed",
   "arch": "x86_64",
   "args": {
    "addr": "0x7f842e864000",
    "fd": 3,
    "fd_path": "/usr/lib/x86_64-linux-gnu/libc.so.6",
    "flags": "MAP_PRIVATE|MAP_FIXED|MAP_DENYWRITE",
    "length": 1400832,
    "prot": "PROT_READ|PROT_EXEC"
   },
   "category": "memory",
   "image": "cat",
   "kind": "syscall",
   "name": "mmap",
   "pid": 10,
   "ppid": 9,
   "seq": 224,
   "tid": 10,
   "time_ns": 1084789510
  },
  {
   "action": "allowed",
   "arch": "x86_64",
   "args": {
    "addr": "0x7fa68a2c2000",
    "fd": 3,
    "fd_path": "/usr/lib/x86_64-linux-gnu/libc.so.6",
    "flags": "MAP_PRIVATE|MAP_FIXED|MAP_DENYWRITE",
    "length": 1400832,
    "prot": "PROT_READ|PROT_EXEC"
   },
   "category": "memory",
   "image": "wc",
   "kind": "syscall",
   "name": "mmap",
   "pid": 11,
   "ppid": 9,
   "seq": 225,
   "tid": 11,
   "time_ns": 1085045319
  },
  {
   "action": "allowed",
   "arch": "x86_64",
   "args": {
    "resource": "RLIMIT_STACK",
    "target_pid": 0
   },
   "category": "file",
   "image": "cat",
   "kind": "syscall",
   "name": "prlimit64",
   "pid": 10,
   "ppid": 9,
   "seq": 226,
   "tid": 10,
   "time_ns": 1085209493
  },
  {
   "action": "allowed",
   "arch": "x86_64",
   "args": {
    "resource": "RLIMIT_STACK",
    "target_pid": 0
   },
   "category": "file",
   "image": "wc",
   "kind": "syscall",
   "name": "prlimit64",
   "pid": 11,
   "ppid": 9,
   "seq": 227,
   "tid": 11,
   "time_ns": 1085292826
  },
  {
   "action": "allowed",
   "arch": "x86_64",
   "args": {
    "flags": "O_RDONLY|O_CLOEXEC",
    "path": "/usr/lib/locale/locale-archive"
   },
   "category": "file",
   "image": "cat",
   "kind": "syscall",
   "name": "openat",
   "pid": 10,
   "ppid": 9,
   "seq": 228,
   "tid": 10,
   "time_ns": 1085360396
  },
  {
   "action": "allowed",
   "arch": "x86_64",
   "args": {
    "flags": "O_RDONLY|O_CLOEXEC",
    "path": "/usr/lib/locale/locale-archive"
   },
   "category": "file",
   "image": "wc",
   "kind": "syscall",
   "name": "openat",
   "pid": 11,
   "ppid": 9,
   "seq": 229,
   "tid": 11,
   "time_ns": 1085408388
  },
  {
   "action": "allowed",
   "arch": "x86_64",
   "args": {
    "flags": "O_RDONLY|O_CLOEXEC",
    "path": "/usr/share/locale/locale.alias"
   },
   "category": "file",
   "image": "cat",
   "kind": "syscall",
   "name": "openat",
   "pid": 10,
   "ppid": 9,
   "seq": 230,
   "tid": 10,
   "time_ns": 1085440095
  },
  {
   "action": "allowed",
   "arch": "x86_64",
   "args": {
    "flags": "O_RDONLY|O_CLOEXEC",
    "path": "/usr/share/locale/locale.alias"
   },
   "category": "file",
   "image": "wc",
   "kind": "syscall",
   "name": "openat",
   "pid": 11,
   "ppid": 9,
   "seq": 231,
   "tid": 11,
   "time_ns": 1085496468
  },
  {
   "action": "allowed",
   "arch": "x86_64",
   "args": {
    "flags": "O_RDONLY|O_CLOEXEC",
    "path": "/usr/lib/locale/C.UTF-8/LC_IDENTIFICATION"
   },
   "category": "file",
   "image": "cat",
   "kind": "syscall",
   "name": "openat",
   "pid": 10,
   "ppid": 9,
   "seq": 232,
   "tid": 10,
   "time_ns": 1085549427
  },
  {
   "action": "allowed",
   "arch": "x86_64",
   "args": {
    "flags": "O_RDONLY|O_CLOEXEC",
    "path": "/usr/lib/locale/C.UTF-8/LC_IDENTIFICATION"
   },
   "category": "file",
   "image": "wc",
   "kind": "syscall",
   "name": "openat",
   "pid": 11,
   "ppid": 9,
   "seq": 233,
   "tid": 11,
   "time_ns": 1085579581
  },
  {
   "action": "allowed",
   "arch": "x86_64",
   "args": {
    "flags": "O_RDONLY|O_CLOEXEC",
    "path": "/usr/lib/locale/C.utf8/LC_IDENTIFICATION"
   },
   "category": "file",
   "image": "cat",
   "kind": "syscall",
   "name": "openat",
   "pid": 10,
   "ppid": 9,
   "seq": 234,
   "tid": 10,
   "time_ns": 1085606922
  },
  {
   "action": "allowed",
   "arch": "x86_64",
   "args": {
    "flags": "O_RDONLY|O_CLOEXEC",
    "path": "/usr/lib/locale/C.utf8/LC_IDENTIFICATION"
   },
   "category": "file",
   "image": "wc",
   "kind": "syscall",
   "name": "openat",
   "pid": 11,
   "ppid": 9,
   "seq": 235,
   "tid": 11,
   "time_ns": 1085646821
  },
  {
   "action": "allowed",
   "arch": "x86_64",
   "args": {
    "flags": "O_RDONLY",
    "path": "/usr/lib/x86_64-linux-gnu/gconv/gconv-modules.cache"
   },
   "category": "file",
   "image": "cat",
   "kind": "syscall",
   "name": "openat",
   "pid": 10,
   "ppid": 9,
   "seq": 236,
   "tid": 10,
   "time_ns": 1085685569
  },
  {
   "action": "allowed",
   "arch": "x86_64",
   "args": {
    "flags": "O_RDONLY",
    "path": "/usr/lib/x86_64-linux-gnu/gconv/gconv-modules.cache"
   },
   "category": "file",
   "image": "wc",
   "kind": "syscall",
   "name": "openat",
   "pid": 11,
   "ppid": 9,
   "seq": 237,
   "tid": 11,
   "time_ns": 1085728943
  },
  {
   "action": "allowed",
   "arch": "x86_64",
   "args": {
    "flags": "O_RDONLY|O_CLOEXEC",
    "path": "/usr/lib/locale/C.UTF-8/LC_MEASUREMENT"
   },
   "category": "file",
   "image": "cat",
   "kind": "syscall",
   "name": "openat",
   "pid": 10,
   "ppid": 9,
   "seq": 238,
   "tid": 10,
   "time_ns": 1085769263
  },
  {
   "action": "allowed",
   "arch": "x86_64",
   "args": {
    "flags": "O_RDONLY|O_CLOEXEC",
    "path": "/usr/lib/locale/C.UTF-8/LC_MEASUREMENT"
   },
   "category": "file",
   "image": "wc",
   "kind": "syscall",
   "name": "openat",
   "pid": 11,
   "ppid": 9,
   "seq": 239,
   "tid": 11,
   "time_ns": 1085797865
  },
  {
   "action": "allowed",
   "arch": "x86_64",
   "args": {
    "flags": "O_RDONLY|O_CLOEXEC",
    "path": "/usr/lib/locale/C.utf8/LC_MEASUREMENT"
   },
   "category": "file",
   "image": "cat",
   "kind": "syscall",
   "name": "openat",
   "pid": 10,
   "ppid": 9,
   "seq": 240,
   "tid": 10,
   "time_ns": 1085824535
  },
  {
   "action": "allowed",
   "arch": "x86_64",
   "args": {
    "flags": "O_RDONLY|O_CLOEXEC",
    "path": "/usr/lib/locale/C.utf8/LC_MEASUREMENT"
   },
   "category": "file",
   "image": "wc",
   "kind": "syscall",
   "name": "openat",
   "pid": 11,
   "ppid": 9,
   "seq": 241,
   "tid": 11,
   "time_ns": 1085862611
  },
  {
   "action": "allowed",
   "arch": "x86_64",
   "args": {
    "flags": "O_RDONLY|O_CLOEXEC",
    "path": "/usr/lib/locale/C.UTF-8/LC_TELEPHONE"
   },
   "category": "file",
   "image": "cat",
   "kind": "syscall",
   "name": "openat",
   "pid": 10,
   "ppid": 9,
   "seq": 242,
   "tid": 10,
   "time_ns": 1085904944
  },
  {
   "action": "allowed",
   "arch": "x86_64",
   "args": {
    "flags": "O_RDONLY|O_CLOEXEC",
    "path": "/usr/lib/locale/C.UTF-8/LC_TELEPHONE"
   },
   "category": "file",
   "image": "wc",
   "kind": "syscall",
   "name": "openat",
   "pid": 11,
   "ppid": 9,
   "seq": 243,
   "tid": 11,
   "time_ns": 1085938163
  },
  {
   "action": "allowed",
   "arch": "x86_64",
   "args": {
    "flags": "O_RDONLY|O_CLOEXEC",
    "path": "/usr/lib/locale/C.utf8/LC_TELEPHONE"
   },
   "category": "file",
   "image": "cat",
   "kind": "syscall",
   "name": "openat",
   "pid": 10,
   "ppid": 9,
   "seq": 244,
   "tid": 10,
   "time_ns": 1085964582
  },
  {
   "action": "allowed",
   "arch": "x86_64",
   "args": {
    "flags": "O_RDONLY|O_CLOEXEC",
    "path": "/usr/lib/locale/C.utf8/LC_TELEPHONE"
   },
   "category": "file",
   "image": "wc",
   "kind": "syscall",
   "name": "openat",
   "pid": 11,
   "ppid": 9,
   "seq": 245,
   "tid": 11,
   "time_ns": 1086002389
  },
  {
   "action": "allowed",
   "arch": "x86_64",
   "args": {
    "flags": "O_RDONLY|O_CLOEXEC",
    "path": "/usr/lib/locale/C.UTF-8/LC_ADDRESS"
   },
   "category": "file",
   "image": "cat",
   "kind": "syscall",
   "name": "openat",
   "pid": 10,
   "ppid": 9,
   "seq": 246,
   "tid": 10,
   "time_ns": 1086040505
  },
  {
   "action": "allowed",
   "arch": "x86_64",
   "args": {
    "flags": "O_RDONLY|O_CLOEXEC",
    "path": "/usr/lib/locale/C.UTF-8/LC_ADDRESS"
   },
   "category": "file",
   "image": "wc",
   "kind": "syscall",
   "name": "openat",
   "pid": 11,
   "ppid": 9,
   "seq": 247,
   "tid": 11,
   "time_ns": 1086068336
  },
  {
   "action": "allowed",
   "arch": "x86_64",
   "args": {
    "flags": "O_RDONLY|O_CLOEXEC",
    "path": "/usr/lib/locale/C.utf8/LC_ADDRESS"
   },
   "category": "file",
   "image": "cat",
   "kind": "syscall",
   "name": "openat",
   "pid": 10,
   "ppid": 9,
   "seq": 248,
   "tid": 10,
   "time_ns": 1086093994
  },
  {
   "action": "allowed",
   "arch": "x86_64",
   "args": {
    "flags": "O_RDONLY|O_CLOEXEC",
    "path": "/usr/lib/locale/C.utf8/LC_ADDRESS"
   },
   "category": "file",
   "image": "wc",
   "kind": "syscall",
   "name": "openat",
   "pid": 11,
   "ppid": 9,
   "seq": 249,
   "tid": 11,
   "time_ns": 1086129647
  },
  {
   "action": "allowed",
   "arch": "x86_64",
   "args": {
    "flags": "O_RDONLY|O_CLOEXEC",
    "path": "/usr/lib/locale/C.UTF-8/LC_NAME"
   },
   "category": "file",
   "image": "cat",
   "kind": "syscall",
   "name": "openat",
   "pid": 10,
   "ppid": 9,
   "seq": 250,
   "tid": 10,
   "time_ns": 1086166312
  },
  {
   "action": "allowed",
   "arch": "x86_64",
   "args": {
    "flags": "O_RDONLY|O_CLOEXEC",
    "path": "/usr/lib/locale/C.UTF-8/LC_NAME"
   },
   "category": "file",
   "image": "wc",
   "kind": "syscall",
   "name": "openat",
   "pid": 11,
   "ppid": 9,
   "seq": 251,
   "tid": 11,
   "time_ns": 1086193432
  },
  {
   "action": "allowed",
   "arch": "x86_64",
   "args": {
    "flags": "O_RDONLY|O_CLOEXEC",
    "path": "/usr/lib/locale/C.utf8/LC_NAME"
   },
   "category": "file",
   "image": "cat",
   "kind": "syscall",
   "name": "openat",
   "pid": 10,
   "ppid": 9,
   "seq": 252,
   "tid": 10,
   "time_ns": 1086219360
  },
  {
   "action": "allowed",
   "arch": "x86_64",
   "args": {
    "flags": "O_RDONLY|O_CLOEXEC",
    "path": "/usr/lib/locale/C.utf8/LC_NAME"
   },
   "category": "file",
   "image": "wc",
   "kind": "syscall",
   "name": "openat",
   "pid": 11,
   "ppid": 9,
   "seq": 253,
   "tid": 11,
   "time_ns": 1086256686
  },
  {
   "action": "allowed",
   "arch": "x86_64",
   "args": {
    "flags": "O_RDONLY|O_CLOEXEC",
    "path": "/usr/lib/locale/C.UTF-8/LC_PAPER"
   },
   "category": "file",
   "image": "cat",
   "kind": "syscall",
   "name": "openat",
   "pid": 10,
   "ppid": 9,
   "seq": 254,
   "tid": 10,
   "time_ns": 1086356684
  },
  {
   "action": "allowed",
   "arch": "x86_64",
   "args": {
    "flags": "O_RDONLY|O_CLOEXEC",
    "path": "/usr/lib/locale/C.UTF-8/LC_PAPER"
   },
   "category": "file",
   "image": "wc",
   "kind": "syscall",
   "name": "openat",
   "pid": 11,
   "ppid": 9,
   "seq": 255,
   "tid": 11,
   "time_ns": 1086436442
  },
  {
   "action": "allowed",
   "arch": "x86_64",
   "args": {
    "flags": "O_RDONLY|O_CLOEXEC",
    "path": "/usr/lib/locale/C.utf8/LC_PAPER"
   },
   "category": "file",
   "image": "cat",
   "kind": "syscall",
   "name": "openat",
   "pid": 10,
   "ppid": 9,
   "seq": 256,
   "tid": 10,
   "time_ns": 1086513336
  },
  {
   "action": "allowed",
   "arch": "x86_64",
   "args": {
    "flags": "O_RDONLY|O_CLOEXEC",
    "path": "/usr/lib/locale/C.utf8/LC_PAPER"
   },
   "category": "file",
   "image": "wc",
   "kind": "syscall",
   "name": "openat",
   "pid": 11,
   "ppid": 9,
   "seq": 257,
   "tid": 11,
   "time_ns": 1088018349
  },
  {
   "action": "allowed",
   "arch": "x86_64",
   "args": {
    "flags": "O_RDONLY|O_CLOEXEC",
    "path": "/usr/lib/locale/C.UTF-8/LC_MESSAGES"
   },
   "category": "file",
   "image": "cat",
   "kind": "syscall",
   "name": "openat",
   "pid": 10,
   "ppid": 9,
   "seq": 258,
   "tid": 10,
   "time_ns": 1091613010
  },
  {
   "action": "allowed",
   "arch": "x86_64",
   "args": {
    "flags": "O_RDONLY|O_CLOEXEC",
    "path": "/usr/lib/locale/C.UTF-8/LC_MESSAGES"
   },
   "category": "file",
   "image": "wc",
   "kind": "syscall",
   "name": "openat",
   "pid": 11,
   "ppid": 9,
   "seq": 259,
   "tid": 11,
   "time_ns": 1091662603
  },
  {
   "action": "allowed",
   "arch": "x86_64",
   "args": {
    "flags": "O_RDONLY|O_CLOEXEC",
    "path": "/usr/lib/locale/C.utf8/LC_MESSAGES"
   },
   "category": "file",
   "image": "cat",
   "kind": "syscall",
   "name": "openat",
   "pid": 10,
   "ppid": 9,
   "seq": 260,
   "tid": 10,
   "time_ns": 1091752256
  },
  {
   "action": "allowed",
   "arch": "x86_64",
   "args": {
    "flags": "O_RDONLY|O_CLOEXEC",
    "path": "/usr/lib/locale/C.utf8/LC_MESSAGES"
   },
   "category": "file",
   "image": "wc",
   "kind": "syscall",
   "name": "openat",
   "pid": 11,
   "ppid": 9,
   "seq": 261,
   "tid": 11,
   "time_ns": 1091851283
  },
  {
   "action": "allowed",
   "arch": "x86_64",
   "args": {
    "flags": "O_RDONLY|O_CLOEXEC",
    "path": "/usr/lib/locale/C.utf8/LC_MESSAGES/SYS_LC_MESSAGES"
   },
   "category": "file",
   "image": "wc",
   "kind": "syscall",
   "name": "openat",
   "pid": 11,
   "ppid": 9,
   "seq": 262,
   "tid": 11,
   "time_ns": 1092088866
  },
  {
   "action": "allowed",
   "arch": "x86_64",
   "args": {
    "flags": "O_RDONLY|O_CLOEXEC",
    "path": "/usr/lib/locale/C.utf8/LC_MESSAGES/SYS_LC_MESSAGES"
   },
   "category": "file",
   "image": "cat",
   "kind": "syscall",
   "name": "openat",
   "pid": 10,
   "ppid": 9,
   "seq": 263,
   "tid": 10,
   "time_ns": 1092732180
  },
  {
   "action": "allowed",
   "arch": "x86_64",
   "args": {
    "flags": "O_RDONLY|O_CLOEXEC",
    "path": "/usr/lib/locale/C.UTF-8/LC_MONETARY"
   },
   "category": "file",
   "image": "wc",
   "kind": "syscall",
   "name": "openat",
   "pid": 11,
   "ppid": 9,
   "seq": 264,
   "tid": 11,
   "time_ns": 1092854271
  },
  {
   "action": "allowed",
   "arch": "x86_64",
   "args": {
    "flags": "O_RDONLY|O_CLOEXEC",
    "path": "/usr/lib/locale/C.UTF-8/LC_MONETARY"
   },
   "category": "file",
   "image": "cat",
   "kind": "syscall",
   "name": "openat",
   "pid": 10,
   "ppid": 9,
   "seq": 265,
   "tid": 10,
   "time_ns": 1092891216
  },
  {
   "action": "allowed",
   "arch": "x86_64",
   "args": {
    "flags": "O_RDONLY|O_CLOEXEC",
    "path": "/usr/lib/locale/C.utf8/LC_MONETARY"
   },
   "category": "file",
   "image": "wc",
   "kind": "syscall",
   "name": "openat",
   "pid": 11,
   "ppid": 9,
   "seq": 266,
   "tid": 11,
   "time_ns": 1092919408
  },
  {
   "action": "allowed",
   "arch": "x86_64",
   "args": {
    "flags": "O_RDONLY|O_CLOEXEC",
    "path": "/usr/lib/locale/C.utf8/LC_MONETARY"
   },
   "category": "file",
   "image": "cat",
   "kind": "syscall",
   "name": "openat",
   "pid": 10,
   "ppid": 9,
   "seq": 267,
   "tid": 10,
   "time_ns": 1093011114
  },
  {
   "action": "allowed",
   "arch": "x86_64",
   "args": {
    "flags": "O_RDONLY|O_CLOEXEC",
    "path": "/usr/lib/locale/C.UTF-8/LC_COLLATE"
   },
   "category": "file",
   "image": "wc",
   "kind": "syscall",
   "name": "openat",
   "pid": 11,
   "ppid": 9,
   "seq": 268,
   "tid": 11,
   "time_ns": 1093059395
  },
  {
   "action": "allowed",
   "arch": "x86_64",
   "args": {
    "flags": "O_RDONLY|O_CLOEXEC",
    "path": "/usr/lib/locale/C.UTF-8/LC_COLLATE"
   },
   "category": "file",
   "image": "cat",
   "kind": "syscall",
   "name": "openat",
   "pid": 10,
   "ppid": 9,
   "seq": 269,
   "tid": 10,
   "time_ns": 1093089199
  },
  {
   "action": "allowed",
   "arch": "x86_64",
   "args": {
    "flags": "O_RDONLY|O_CLOEXEC",
    "path": "/usr/lib/locale/C.utf8/LC_COLLATE"
   },
   "category": "file",
   "image": "wc",
   "kind": "syscall",
   "name": "openat",
   "pid": 11,
   "ppid": 9,
   "seq": 270,
   "tid": 11,
   "time_ns": 1093115578
  },
  {
   "action": "allowed",
   "arch": "x86_64",
   "args": {
    "flags": "O_RDONLY|O_CLOEXEC",
    "path": "/usr/lib/locale/C.utf8/LC_COLLATE"
   },
   "category": "file",
   "image": "cat",
   "kind": "syscall",
   "name": "openat",
   "pid": 10,
   "ppid": 9,
   "seq": 271,
   "tid": 10,
   "time_ns": 1093153515
  },
  {
   "action": "allowed",
   "arch": "x86_64",
   "args": {
    "flags": "O_RDONLY|O_CLOEXEC",
    "path": "/usr/lib/locale/C.UTF-8/LC_TIME"
   },
   "category": "file",
   "image": "wc",
   "kind": "syscall",
   "name": "openat",
   "pid": 11,
   "ppid": 9,
   "seq": 272,
   "tid": 11,
   "time_ns": 1093203329
  },
  {
   "action": "allowed",
   "arch": "x86_64",
   "args": {
    "flags": "O_RDONLY|O_CLOEXEC",
    "path": "/usr/lib/locale/C.UTF-8/LC_TIME"
   },
   "category": "file",
   "image": "cat",
   "kind": "syscall",
   "name": "openat",
   "pid": 10,
   "ppid": 9,
   "seq": 273,
   "tid": 10,
   "time_ns": 1093290097
  },
  {
   "action": "allowed",
   "arch": "x86_64",
   "args": {
    "flags": "O_RDONLY|O_CLOEXEC",
    "path": "/usr/lib/locale/C.utf8/LC_TIME"
   },
   "category": "file",
   "image": "wc",
   "kind": "syscall",
   "name": "openat",
   "pid": 11,
   "ppid": 9,
   "seq": 274,
   "tid": 11,
   "time_ns": 1093327623
  },
  {
   "action": "allowed",
   "arch": "x86_64",
   "args": {
    "flags": "O_RDONLY|O_CLOEXEC",
    "path": "/usr/lib/locale/C.utf8/LC_TIME"
   },
   "category": "file",
   "image": "cat",
   "kind": "syscall",
   "name": "openat",
   "pid": 10,
   "ppid": 9,
   "seq": 275,
   "tid": 10,
   "time_ns": 1093370587
  },
  {
   "action": "allowed",
   "arch": "x86_64",
   "args": {
    "flags": "O_RDONLY|O_CLOEXEC",
    "path": "/usr/lib/locale/C.UTF-8/LC_NUMERIC"
   },
   "category": "file",
   "image": "wc",
   "kind": "syscall",
   "name": "openat",
   "pid": 11,
   "ppid": 9,
   "seq": 276,
   "tid": 11,
   "time_ns": 1093414001
  },
  {
   "action": "allowed",
   "arch": "x86_64",
   "args": {
    "flags": "O_RDONLY|O_CLOEXEC",
    "path": "/usr/lib/locale/C.UTF-8/LC_NUMERIC"
   },
   "category": "file",
   "image": "cat",
   "kind": "syscall",
   "name": "openat",
   "pid": 10,
   "ppid": 9,
   "seq": 277,
   "tid": 10,
   "time_ns": 1093442944
  },
  {
   "action": "allowed",
   "arch": "x86_64",
   "args": {
    "flags": "O_RDONLY|O_CLOEXEC",
    "path": "/usr/lib/locale/C.utf8/LC_NUMERIC"
   },
   "category": "file",
   "image": "wc",
   "kind": "syscall",
   "name": "openat",
   "pid": 11,
   "ppid": 9,
   "seq": 278,
   "tid": 11,
   "time_ns": 1093468642
  },
  {
   "action": "allowed",
   "arch": "x86_64",
   "args": {
    "flags": "O_RDONLY|O_CLOEXEC",
    "path": "/usr/lib/locale/C.utf8/LC_NUMERIC"
   },
   "category": "file",
   "image": "cat",
   "kind": "syscall",
   "name": "openat",
   "pid": 10,
   "ppid": 9,
   "seq": 279,
   "tid": 10,
   "time_ns": 1093521681
  },
  {
   "action": "allowed",
   "arch": "x86_64",
   "args": {
    "flags": "O_RDONLY|O_CLOEXEC",
    "path": "/usr/lib/locale/C.UTF-8/LC_CTYPE"
   },
   "category": "file",
   "image": "wc",
   "kind": "syscall",
   "name": "openat",
   "pid": 11,
   "ppid": 9,
   "seq": 280,
   "tid": 11,
   "time_ns": 1093584544
  },
  {
   "action": "allowed",
   "arch": "x86_64",
   "args": {
    "flags": "O_RDONLY|O_CLOEXEC",
    "path": "/usr/lib/locale/C.UTF-8/LC_CTYPE"
   },
   "category": "file",
   "image": "cat",
   "kind": "syscall",
   "name": "openat",
   "pid": 10,
   "ppid": 9,
   "seq": 281,
   "tid": 10,
   "time_ns": 1093727135
  },
  {
   "action": "allowed",
   "arch": "x86_64",
   "args": {
    "flags": "O_RDONLY|O_CLOEXEC",
    "path": "/usr/lib/locale/C.utf8/LC_CTYPE"
   },
   "category": "file",
   "image": "wc",
   "kind": "syscall",
   "name": "openat",
   "pid": 11,
   "ppid": 9,
   "seq": 282,
   "tid": 11,
   "time_ns": 1094291883
  },
  {
   "action": "allowed",
   "arch": "x86_64",
   "args": {
    "flags": "O_RDONLY|O_CLOEXEC",
    "path": "/usr/lib/locale/C.utf8/LC_CTYPE"
   },
   "category": "file",
   "image": "cat",
   "kind": "syscall",
   "name": "openat",
   "pid": 10,
   "ppid": 9,
   "seq": 283,
   "tid": 10,
   "time_ns": 1101460195
  },
  {
   "action": "allowed",
   "arch": "x86_64",
   "args": {
    "flags": "O_RDONLY",
    "path": "/usr/share/locale/C.UTF-8/LC_MESSAGES/coreutils.mo"
   },
   "category": "file",
   "image": "wc",
   "kind": "syscall",
   "name": "openat",
   "pid": 11,
   "ppid": 9,
   "seq": 284,
   "tid": 11,
   "time_ns": 1101571740
  },
  {
   "action": "allowed",
   "arch": "x86_64",
   "args": {
    "flags": "O_RDONLY",
    "path": "/etc/passwd"
   },
   "category": "file",
   "image": "cat",
   "kind": "syscall",
   "name": "openat",
   "pid": 10,
   "ppid": 9,
   "seq": 285,
   "tid": 10,
   "time_ns": 1101612691
  },
  {
   "action": "allowed",
   "arch": "x86_64",
   "args": {
    "flags": "O_RDONLY",
    "path": "/usr/share/locale/C.utf8/LC_MESSAGES/coreutils.mo"
   },
   "category": "file",
   "image": "wc",
   "kind": "syscall",
   "name": "openat",
   "pid": 11,
   "ppid": 9,
   "seq": 286,
   "tid": 11,
   "time_ns": 1101700932
  },
  {
   "action": "allowed",
   "arch": "x86_64",
   "args": {
    "code": 0
   },
   "category": "process",
   "image": "cat",
   "kind": "syscall",
   "name": "exit_group",
   "pid": 10,
   "ppid": 9,
   "seq": 287,
   "tid": 10,
   "time_ns": 1101990762
  },
  {
   "action": "allowed",
   "arch": "x86_64",
   "args": {
    "flags": "O_RDONLY",
    "path": "/usr/share/locale/C/LC_MESSAGES/coreutils.mo"
   },
   "category": "file",
   "image": "wc",
   "kind": "syscall",
   "name": "openat",
   "pid": 11,
   "ppid": 9,
   "seq": 288,
   "tid": 11,
   "time_ns": 1102135156
  },
  {
   "action": "allowed",
   "arch": "x86_64",
   "args": {
    "code": 0
   },
   "category": "process",
   "image": "wc",
   "kind": "syscall",
   "name": "exit_group",
   "pid": 11,
   "ppid": 9,
   "seq": 289,
   "tid": 11,
   "time_ns": 1102391596
  },
  {
   "action": "allowed",
   "arch": "x86_64",
   "args": {
    "code": 0
   },
   "category": "process",
   "image": "dash",
   "kind": "syscall",
   "name": "exit_group",
   "pid": 9,
   "ppid": 2,
   "seq": 290,
   "tid": 9,
   "time_ns": 1102566506
  },
  {
   "action": "allowed",
   "arch": "x86_64",
   "args": {},
   "category": "process",
   "image": "dash",
   "kind": "syscall",
   "name": "vfork",
   "pid": 2,
   "ppid": 1,
   "seq": 291,
   "tid": 2,
   "time_ns": 1102797929
  },
  {
   "action": "allowed",
   "arch": "x86_64",
   "args": {
    "argv": [
     "uname",
     "-a"
    ],
    "env": [
     "USER=user",
     "HOME=/home/user",
     "TERM=xterm-256color",
     "PATH=/usr/local/bin:/usr/bin:/bin",
     "LANG=C.UTF-8",
     "SHELL=/bin/bash",
     "PWD=/home/user/Downloads"
    ],
    "path": "/usr/bin/uname"
   },
   "category": "process",
   "image": "dash",
   "kind": "syscall",
   "name": "execve",
   "pid": 12,
   "ppid": 2,
   "seq": 292,
   "tid": 12,
   "time_ns": 1102897577
  },
  {
   "action": "allowed",
   "arch": "x86_64",
   "args": {
    "flags": "O_RDONLY|O_CLOEXEC",
    "path": "/etc/ld.so.cache"
   },
   "category": "file",
   "image": "uname",
   "kind": "syscall",
   "name": "openat",
   "pid": 12,
   "ppid": 2,
   "seq": 293,
   "tid": 12,
   "time_ns": 1103879483
  },
  {
   "action": "allowed",
   "arch": "x86_64",
   "args": {
    "flags": "O_RDONLY|O_CLOEXEC",
    "path": "/lib/x86_64-linux-gnu/libc.so.6"
   },
   "category": "file",
   "image": "uname",
   "kind": "syscall",
   "name": "openat",
   "pid": 12,
   "ppid": 2,
   "seq": 294,
   "tid": 12,
   "time_ns": 1104850012
  },
  {
   "action": "allowed",
   "arch": "x86_64",
   "args": {
    "addr": "0x7fa8eaca4000",
    "fd": 3,
    "fd_path": "/usr/lib/x86_64-linux-gnu/libc.so.6",
    "flags": "MAP_PRIVATE|MAP_FIXED|MAP_DENYWRITE",
    "length": 1400832,
    "prot": "PROT_READ|PROT_EXEC"
   },
   "category": "memory",
   "image": "uname",
   "kind": "syscall",
   "name": "mmap",
   "pid": 12,
   "ppid": 2,
   "seq": 295,
   "tid": 12,
   "time_ns": 1104970621
  },
  {
   "action": "allowed",
   "arch": "x86_64",
   "args": {
    "resource": "RLIMIT_STACK",
    "target_pid": 0
   },
   "category": "file",
   "image": "uname",
   "kind": "syscall",
   "name": "prlimit64",
   "pid": 12,
   "ppid": 2,
   "seq": 296,
   "tid": 12,
   "time_ns": 1105174403
  },
  {
   "action": "allowed",
   "arch": "x86_64",
   "args": {
    "flags": "O_RDONLY|O_CLOEXEC",
    "path": "/usr/lib/locale/locale-archive"
   },
   "category": "file",
   "image": "uname",
   "kind": "syscall",
   "name": "openat",
   "pid": 12,
   "ppid": 2,
   "seq": 297,
   "tid": 12,
   "time_ns": 1105253951
  },
  {
   "action": "allowed",
   "arch": "x86_64",
   "args": {
    "flags": "O_RDONLY|O_CLOEXEC",
    "path": "/usr/share/locale/locale.alias"
   },
   "category": "file",
   "image": "uname",
   "kind": "syscall",
   "name": "openat",
   "pid": 12,
   "ppid": 2,
   "seq": 298,
   "tid": 12,
   "time_ns": 1105300571
  },
  {
   "action": "allowed",
   "arch": "x86_64",
   "args": {
    "flags": "O_RDONLY|O_CLOEXEC",
    "path": "/usr/lib/locale/C.UTF-8/LC_IDENTIFICATION"
   },
   "category": "file",
   "image": "uname",
   "kind": "syscall",
   "name": "openat",
   "pid": 12,
   "ppid": 2,
   "seq": 299,
   "tid": 12,
   "time_ns": 1105353549
  },
  {
   "action": "allowed",
   "arch": "x86_64",
   "args": {
    "flags": "O_RDONLY|O_CLOEXEC",
    "path": "/usr/lib/locale/C.utf8/LC_IDENTIFICATION"
   },
   "category": "file",
   "image": "uname",
   "kind": "syscall",
   "name": "openat",
   "pid": 12,
   "ppid": 2,
   "seq": 300,
   "tid": 12,
   "time_ns": 1105390013
  },
  {
   "action": "allowed",
   "arch": "x86_64",
   "args": {
    "flags": "O_RDONLY",
    "path": "/usr/lib/x86_64-linux-gnu/gconv/gconv-modules.cache"
   },
   "category": "file",
   "image": "uname",
   "kind": "syscall",
   "name": "openat",
   "pid": 12,
   "ppid": 2,
   "seq": 301,
   "tid": 12,
   "time_ns": 1105430243
  },
  {
   "action": "allowed",
   "arch": "x86_64",
   "args": {
    "flags": "O_RDONLY|O_CLOEXEC",
    "path": "/usr/lib/locale/C.UTF-8/LC_MEASUREMENT"
   },
   "category": "file",
   "image": "uname",
   "kind": "syscall",
   "name": "openat",
   "pid": 12,
   "ppid": 2,
   "seq": 302,
   "tid": 12,
   "time_ns": 1105475861
  },
  {
   "action": "allowed",
   "arch": "x86_64",
   "args": {
    "flags": "O_RDONLY|O_CLOEXEC",
    "path": "/usr/lib/locale/C.utf8/LC_MEASUREMENT"
   },
   "category": "file",
   "image": "uname",
   "kind": "syscall",
   "name": "openat",
   "pid": 12,
   "ppid": 2,
   "seq": 303,
   "tid": 12,
   "time_ns": 1105506326
  },
  {
   "action": "allowed",
   "arch": "x86_64",
   "args": {
    "flags": "O_RDONLY|O_CLOEXEC",
    "path": "/usr/lib/locale/C.UTF-8/LC_TELEPHONE"
   },
   "category": "file",
   "image": "uname",
   "kind": "syscall",
   "name": "openat",
   "pid": 12,
   "ppid": 2,
   "seq": 304,
   "tid": 12,
   "time_ns": 1105543481
  },
  {
   "action": "allowed",
   "arch": "x86_64",
   "args": {
    "flags": "O_RDONLY|O_CLOEXEC",
    "path": "/usr/lib/locale/C.utf8/LC_TELEPHONE"
   },
   "category": "file",
   "image": "uname",
   "kind": "syscall",
   "name": "openat",
   "pid": 12,
   "ppid": 2,
   "seq": 305,
   "tid": 12,
   "time_ns": 1105571583
  },
  {
   "action": "allowed",
   "arch": "x86_64",
   "args": {
    "flags": "O_RDONLY|O_CLOEXEC",
    "path": "/usr/lib/locale/C.UTF-8/LC_ADDRESS"
   },
   "category": "file",
   "image": "uname",
   "kind": "syscall",
   "name": "openat",
   "pid": 12,
   "ppid": 2,
   "seq": 306,
   "tid": 12,
   "time_ns": 1105606815
  },
  {
   "action": "allowed",
   "arch": "x86_64",
   "args": {
    "flags": "O_RDONLY|O_CLOEXEC",
    "path": "/usr/lib/locale/C.utf8/LC_ADDRESS"
   },
   "category": "file",
   "image": "uname",
   "kind": "syscall",
   "name": "openat",
   "pid": 12,
   "ppid": 2,
   "seq": 307,
   "tid": 12,
   "time_ns": 1105634526
  },
  {
   "action": "allowed",
   "arch": "x86_64",
   "args": {
    "flags": "O_RDONLY|O_CLOEXEC",
    "path": "/usr/lib/locale/C.UTF-8/LC_NAME"
   },
   "category": "file",
   "image": "uname",
   "kind": "syscall",
   "name": "openat",
   "pid": 12,
   "ppid": 2,
   "seq": 308,
   "tid": 12,
   "time_ns": 1105669988
  },
  {
   "action": "allowed",
   "arch": "x86_64",
   "args": {
    "flags": "O_RDONLY|O_CLOEXEC",
    "path": "/usr/lib/locale/C.utf8/LC_NAME"
   },
   "category": "file",
   "image": "uname",
   "kind": "syscall",
   "name": "openat",
   "pid": 12,
   "ppid": 2,
   "seq": 309,
   "tid": 12,
   "time_ns": 1105697960
  },
  {
   "action": "allowed",
   "arch": "x86_64",
   "args": {
    "flags": "O_RDONLY|O_CLOEXEC",
    "path": "/usr/lib/locale/C.UTF-8/LC_PAPER"
   },
   "category": "file",
   "image": "uname",
   "kind": "syscall",
   "name": "openat",
   "pid": 12,
   "ppid": 2,
   "seq": 310,
   "tid": 12,
   "time_ns": 1105738831
  },
  {
   "action": "allowed",
   "arch": "x86_64",
   "args": {
    "flags": "O_RDONLY|O_CLOEXEC",
    "path": "/usr/lib/locale/C.utf8/LC_PAPER"
   },
   "category": "file",
   "image": "uname",
   "kind": "syscall",
   "name": "openat",
   "pid": 12,
   "ppid": 2,
   "seq": 311,
   "tid": 12,
   "time_ns": 1105766592
  },
  {
   "action": "allowed",
   "arch": "x86_64",
   "args": {
    "flags": "O_RDONLY|O_CLOEXEC",
    "path": "/usr/lib/locale/C.UTF-8/LC_MESSAGES"
   },
   "category": "file",
   "image": "uname",
   "kind": "syscall",
   "name": "openat",
   "pid": 12,
   "ppid": 2,
   "seq": 312,
   "tid": 12,
   "time_ns": 1105802435
  },
  {
   "action": "allowed",
   "arch": "x86_64",
   "args": {
    "flags": "O_RDONLY|O_CLOEXEC",
    "path": "/usr/lib/locale/C.utf8/LC_MESSAGES"
   },
   "category": "file",
   "image": "uname",
   "kind": "syscall",
   "name": "openat",
   "pid": 12,
   "ppid": 2,
   "seq": 313,
   "tid": 12,
   "time_ns": 1105830326
  },
  {
   "action": "allowed",
   "arch": "x86_64",
   "args": {
    "flags": "O_RDONLY|O_CLOEXEC",
    "path": "/usr/lib/locale/C.utf8/LC_MESSAGES/SYS_LC_MESSAGES"
   },
   "category": "file",
   "image": "uname",
   "kind": "syscall",
   "name": "openat",
   "pid": 12,
   "ppid": 2,
   "seq": 314,
   "tid": 12,
   "time_ns": 1105859159
  },
  {
   "action": "allowed",
   "arch": "x86_64",
   "args": {
    "flags": "O_RDONLY|O_CLOEXEC",
    "path": "/usr/lib/locale/C.UTF-8/LC_MONETARY"
   },
   "category": "file",
   "image": "uname",
   "kind": "syscall",
   "name": "openat",
   "pid": 12,
   "ppid": 2,
   "seq": 315,
   "tid": 12,
   "time_ns": 1105896374
  },
  {
   "action": "allowed",
   "arch": "x86_64",
   "args": {
    "flags": "O_RDONLY|O_CLOEXEC",
    "path": "/usr/lib/locale/C.utf8/LC_MONETARY"
   },
   "category": "file",
   "image": "uname",
   "kind": "syscall",
   "name": "openat",
   "pid": 12,
   "ppid": 2,
   "seq": 316,
   "tid": 12,
   "time_ns": 1105924005
  },
  {
   "action": "allowed",
   "arch": "x86_64",
   "args": {
    "flags": "O_RDONLY|O_CLOEXEC",
    "path": "/usr/lib/locale/C.UTF-8/LC_COLLATE"
   },
   "category": "file",
   "image": "uname",
   "kind": "syscall",
   "name": "openat",
   "pid": 12,
   "ppid": 2,
   "seq": 317,
   "tid": 12,
   "time_ns": 1105965607
  },
  {
   "action": "allowed",
   "arch": "x86_64",
   "args": {
    "flags": "O_RDONLY|O_CLOEXEC",
    "path": "/usr/lib/locale/C.utf8/LC_COLLATE"
   },
   "category": "file",
   "image": "uname",
   "kind": "syscall",
   "name": "openat",
   "pid": 12,
   "ppid": 2,
   "seq": 318,
   "tid": 12,
   "time_ns": 1105993148
  },
  {
   "action": "allowed",
   "arch": "x86_64",
   "args": {
    "flags": "O_RDONLY|O_CLOEXEC",
    "path": "/usr/lib/locale/C.UTF-8/LC_TIME"
   },
   "category": "file",
   "image": "uname",
   "kind": "syscall",
   "name": "openat",
   "pid": 12,
   "ppid": 2,
   "seq": 319,
   "tid": 12,
   "time_ns": 1106028600
  },
  {
   "action": "allowed",
   "arch": "x86_64",
   "args": {
    "flags": "O_RDONLY|O_CLOEXEC",
    "path": "/usr/lib/locale/C.utf8/LC_TIME"
   },
   "category": "file",
   "image": "uname",
   "kind": "syscall",
   "name": "openat",
   "pid": 12,
   "ppid": 2,
   "seq": 320,
   "tid": 12,
   "time_ns": 1106055761
  },
  {
   "action": "allowed",
   "arch": "x86_64",
   "args": {
    "flags": "O_RDONLY|O_CLOEXEC",
    "path": "/usr/lib/locale/C.UTF-8/LC_NUMERIC"
   },
   "category": "file",
   "image": "uname",
   "kind": "syscall",
   "name": "openat",
   "pid": 12,
   "ppid": 2,
   "seq": 321,
   "tid": 12,
   "time_ns": 1106147156
  },
  {
   "action": "allowed",
   "arch": "x86_64",
   "args": {
    "flags": "O_RDONLY|O_CLOEXEC",
    "path": "/usr/lib/locale/C.utf8/LC_NUMERIC"
   },
   "category": "file",
   "image": "uname",
   "kind": "syscall",
   "name": "openat",
   "pid": 12,
   "ppid": 2,
   "seq": 322,
   "tid": 12,
   "time_ns": 1106386491
  },
  {
   "action": "allowed",
   "arch": "x86_64",
   "args": {
    "flags": "O_RDONLY|O_CLOEXEC",
    "path": "/usr/lib/locale/C.UTF-8/LC_CTYPE"
   },
   "category": "file",
   "image": "uname",
   "kind": "syscall",
   "name": "openat",
   "pid": 12,
   "ppid": 2,
   "seq": 323,
   "tid": 12,
   "time_ns": 1106487721
  },
  {
   "action": "allowed",
   "arch": "x86_64",
   "args": {
    "flags": "O_RDONLY|O_CLOEXEC",
    "path": "/usr/lib/locale/C.utf8/LC_CTYPE"
   },
   "category": "file",
   "image": "uname",
   "kind": "syscall",
   "name": "openat",
   "pid": 12,
   "ppid": 2,
   "seq": 324,
   "tid": 12,
   "time_ns": 1108690709
  },
  {
   "action": "allowed",
   "arch": "x86_64",
   "args": {},
   "category": "system",
   "image": "uname",
   "kind": "syscall",
   "name": "uname",
   "pid": 12,
   "ppid": 2,
   "seq": 325,
   "tid": 12,
   "time_ns": 1108826490
  },
  {
   "action": "allowed",
   "arch": "x86_64",
   "args": {
    "code": 0
   },
   "category": "process",
   "image": "uname",
   "kind": "syscall",
   "name": "exit_group",
   "pid": 12,
   "ppid": 2,
   "seq": 326,
   "tid": 12,
   "time_ns": 1108965166
  },
  {
   "action": "allowed",
   "arch": "x86_64",
   "args": {
    "flags": "O_WRONLY|O_CREAT|O_TRUNC",
    "mode": "0666",
    "path": "/dev/null"
   },
   "category": "file",
   "image": "dash",
   "kind": "syscall",
   "name": "openat",
   "pid": 2,
   "ppid": 1,
   "seq": 327,
   "tid": 2,
   "time_ns": 1109152468
  },
  {
   "action": "allowed",
   "arch": "x86_64",
   "args": {
    "flags": "O_WRONLY|O_CREAT|O_TRUNC",
    "mode": "0666",
    "path": "/dev/null"
   },
   "category": "file",
   "image": "dash",
   "kind": "syscall",
   "name": "openat",
   "pid": 2,
   "ppid": 1,
   "seq": 328,
   "tid": 2,
   "time_ns": 1109245827
  },
  {
   "action": "allowed",
   "arch": "x86_64",
   "args": {},
   "category": "process",
   "image": "dash",
   "kind": "syscall",
   "name": "vfork",
   "pid": 2,
   "ppid": 1,
   "seq": 329,
   "tid": 2,
   "time_ns": 1109285005
  },
  {
   "action": "allowed",
   "arch": "x86_64",
   "args": {
    "argv": [
     "bash",
     "-c",
     "exec 3<>/dev/tcp/198.51.100.7/80"
    ],
    "env": [
     "USER=user",
     "HOME=/home/user",
     "TERM=xterm-256color",
     "PATH=/usr/local/bin:/usr/bin:/bin",
     "LANG=C.UTF-8",
     "SHELL=/bin/bash",
     "PWD=/home/user/Downloads"
    ],
    "path": "/usr/bin/bash"
   },
   "category": "process",
   "image": "dash",
   "kind": "syscall",
   "name": "execve",
   "pid": 13,
   "ppid": 2,
   "seq": 330,
   "tid": 13,
   "time_ns": 1109332285
  },
  {
   "action": "allowed",
   "arch": "x86_64",
   "args": {
    "flags": "O_RDONLY|O_CLOEXEC",
    "path": "/etc/ld.so.cache"
   },
   "category": "file",
   "image": "bash",
   "kind": "syscall",
   "name": "openat",
   "pid": 13,
   "ppid": 2,
   "seq": 331,
   "tid": 13,
   "time_ns": 1110949248
  },
  {
   "action": "allowed",
   "arch": "x86_64",
   "args": {
    "flags": "O_RDONLY|O_CLOEXEC",
    "path": "/lib/x86_64-linux-gnu/libtinfo.so.6"
   },
   "category": "file",
   "image": "bash",
   "kind": "syscall",
   "name": "openat",
   "pid": 13,
   "ppid": 2,
   "seq": 332,
   "tid": 13,
   "time_ns": 1111262673
  },
  {
   "action": "allowed",
   "arch": "x86_64",
   "args": {
    "addr": "0x7f3ac4fd0000",
    "fd": 3,
    "fd_path": "/usr/lib/x86_64-linux-gnu/libtinfo.so.6.4",
    "flags": "MAP_PRIVATE|MAP_FIXED|MAP_DENYWRITE",
    "length": 69632,
    "prot": "PROT_READ|PROT_EXEC"
   },
   "category": "memory",
   "image": "bash",
   "kind": "syscall",
   "name": "mmap",
   "pid": 13,
   "ppid": 2,
   "seq": 333,
   "tid": 13,
   "time_ns": 1111683557
  },
  {
   "action": "allowed",
   "arch": "x86_64",
   "args": {
    "flags": "O_RDONLY|O_CLOEXEC",
    "path": "/lib/x86_64-linux-gnu/libc.so.6"
   },
   "category": "file",
   "image": "bash",
   "kind": "syscall",
   "name": "openat",
   "pid": 13,
   "ppid": 2,
   "seq": 334,
   "tid": 13,
   "time_ns": 1111792279
  },
  {
   "action": "allowed",
   "arch": "x86_64",
   "args": {
    "addr": "0x7f3ac4e05000",
    "fd": 3,
    "fd_path": "/usr/lib/x86_64-linux-gnu/libc.so.6",
    "flags": "MAP_PRIVATE|MAP_FIXED|MAP_DENYWRITE",
    "length": 1400832,
    "prot": "PROT_READ|PROT_EXEC"
   },
   "category": "memory",
   "image": "bash",
   "kind": "syscall",
   "name": "mmap",
   "pid": 13,
   "ppid": 2,
   "seq": 335,
   "tid": 13,
   "time_ns": 1111845397
  },
  {
   "action": "allowed",
   "arch": "x86_64",
   "args": {
    "resource": "RLIMIT_STACK",
    "target_pid": 0
   },
   "category": "file",
   "image": "bash",
   "kind": "syscall",
   "name": "prlimit64",
   "pid": 13,
   "ppid": 2,
   "seq": 336,
   "tid": 13,
   "time_ns": 1112202747
  },
  {
   "action": "allowed",
   "arch": "x86_64",
   "args": {
    "flags": "O_RDWR|O_NONBLOCK",
    "path": "/dev/tty"
   },
   "category": "file",
   "image": "bash",
   "kind": "syscall",
   "name": "openat",
   "pid": 13,
   "ppid": 2,
   "seq": 337,
   "tid": 13,
   "time_ns": 1112278760
  },
  {
   "action": "allowed",
   "arch": "x86_64",
   "args": {
    "flags": "O_RDONLY|O_CLOEXEC",
    "path": "/usr/lib/locale/locale-archive"
   },
   "category": "file",
   "image": "bash",
   "kind": "syscall",
   "name": "openat",
   "pid": 13,
   "ppid": 2,
   "seq": 338,
   "tid": 13,
   "time_ns": 1112353481
  },
  {
   "action": "allowed",
   "arch": "x86_64",
   "args": {
    "flags": "O_RDONLY|O_CLOEXEC",
    "path": "/usr/share/locale/locale.alias"
   },
   "category": "file",
   "image": "bash",
   "kind": "syscall",
   "name": "openat",
   "pid": 13,
   "ppid": 2,
   "seq": 339,
   "tid": 13,
   "time_ns": 1112388233
  },
  {
   "action": "allowed",
   "arch": "x86_64",
   "args": {
    "flags": "O_RDONLY|O_CLOEXEC",
    "path": "/usr/lib/locale/C.UTF-8/LC_IDENTIFICATION"
   },
   "category": "file",
   "image": "bash",
   "kind": "syscall",
   "name": "openat",
   "pid": 13,
   "ppid": 2,
   "seq": 340,
   "tid": 13,
   "time_ns": 1113397039
  },
  {
   "action": "allowed",
   "arch": "x86_64",
   "args": {
    "flags": "O_RDONLY|O_CLOEXEC",
    "path": "/usr/lib/locale/C.utf8/LC_IDENTIFICATION"
   },
   "category": "file",
   "image": "bash",
   "kind": "syscall",
   "name": "openat",
   "pid": 13,
   "ppid": 2,
   "seq": 341,
   "tid": 13,
   "time_ns": 1113511128
  },
  {
   "action": "allowed",
   "arch": "x86_64",
   "args": {
    "flags": "O_RDONLY",
    "path": "/usr/lib/x86_64-linux-gnu/gconv/gconv-modules.cache"
   },
   "category": "file",
   "image": "bash",
   "kind": "syscall",
   "name": "openat",
   "pid": 13,
   "ppid": 2,
   "seq": 342,
   "tid": 13,
   "time_ns": 1113563986
  },
  {
   "action": "allowed",
   "arch": "x86_64",
   "args": {
    "flags": "O_RDONLY|O_CLOEXEC",
    "path": "/usr/lib/locale/C.UTF-8/LC_MEASUREMENT"
   },
   "category": "file",
   "image": "bash",
   "kind": "syscall",
   "name": "openat",
   "pid": 13,
   "ppid": 2,
   "seq": 343,
   "tid": 13,
   "time_ns": 1113611026
  },
  {
   "action": "allowed",
   "arch": "x86_64",
   "args": {
    "flags": "O_RDONLY|O_CLOEXEC",
    "path": "/usr/lib/locale/C.utf8/LC_MEASUREMENT"
   },
   "category": "file",
   "image": "bash",
   "kind": "syscall",
   "name": "openat",
   "pid": 13,
   "ppid": 2,
   "seq": 344,
   "tid": 13,
   "time_ns": 1113640890
  },
  {
   "action": "allowed",
   "arch": "x86_64",
   "args": {
    "flags": "O_RDONLY|O_CLOEXEC",
    "path": "/usr/lib/locale/C.UTF-8/LC_TELEPHONE"
   },
   "category": "file",
   "image": "bash",
   "kind": "syscall",
   "name": "openat",
   "pid": 13,
   "ppid": 2,
   "seq": 345,
   "tid": 13,
   "time_ns": 1113679167
  },
  {
   "action": "allowed",
   "arch": "x86_64",
   "args": {
    "flags": "O_RDONLY|O_CLOEXEC",
    "path": "/usr/lib/locale/C.utf8/LC_TELEPHONE"
   },
   "category": "file",
   "image": "bash",
   "kind": "syscall",
   "name": "openat",
   "pid": 13,
   "ppid": 2,
   "seq": 346,
   "tid": 13,
   "time_ns": 1113715050
  },
  {
   "action": "allowed",
   "arch": "x86_64",
   "args": {
    "flags": "O_RDONLY|O_CLOEXEC",
    "path": "/usr/lib/locale/C.UTF-8/LC_ADDRESS"
   },
   "category": "file",
   "image": "bash",
   "kind": "syscall",
   "name": "openat",
   "pid": 13,
   "ppid": 2,
   "seq": 347,
   "tid": 13,
   "time_ns": 1113752967
  },
  {
   "action": "allowed",
   "arch": "x86_64",
   "args": {
    "flags": "O_RDONLY|O_CLOEXEC",
    "path": "/usr/lib/locale/C.utf8/LC_ADDRESS"
   },
   "category": "file",
   "image": "bash",
   "kind": "syscall",
   "name": "openat",
   "pid": 13,
   "ppid": 2,
   "seq": 348,
   "tid": 13,
   "time_ns": 1113781569
  },
  {
   "action": "allowed",
   "arch": "x86_64",
   "args": {
    "flags": "O_RDONLY|O_CLOEXEC",
    "path": "/usr/lib/locale/C.UTF-8/LC_NAME"
   },
   "category": "file",
   "image": "bash",
   "kind": "syscall",
   "name": "openat",
   "pid": 13,
   "ppid": 2,
   "seq": 349,
   "tid": 13,
   "time_ns": 1113817232
  },
  {
   "action": "allowed",
   "arch": "x86_64",
   "args": {
    "flags": "O_RDONLY|O_CLOEXEC",
    "path": "/usr/lib/locale/C.utf8/LC_NAME"
   },
   "category": "file",
   "image": "bash",
   "kind": "syscall",
   "name": "openat",
   "pid": 13,
   "ppid": 2,
   "seq": 350,
   "tid": 13,
   "time_ns": 1113844432
  },
  {
   "action": "allowed",
   "arch": "x86_64",
   "args": {
    "flags": "O_RDONLY|O_CLOEXEC",
    "path": "/usr/lib/locale/C.UTF-8/LC_PAPER"
   },
   "category": "file",
   "image": "bash",
   "kind": "syscall",
   "name": "openat",
   "pid": 13,
   "ppid": 2,
   "seq": 351,
   "tid": 13,
   "time_ns": 1113880265
  },
  {
   "action": "allowed",
   "arch": "x86_64",
   "args": {
    "flags": "O_RDONLY|O_CLOEXEC",
    "path": "/usr/lib/locale/C.utf8/LC_PAPER"
   },
   "category": "file",
   "image": "bash",
   "kind": "syscall",
   "name": "openat",
   "pid": 13,
   "ppid": 2,
   "seq": 352,
   "tid": 13,
   "time_ns": 1113907746
  },
  {
   "action": "allowed",
   "arch": "x86_64",
   "args": {
    "flags": "O_RDONLY|O_CLOEXEC",
    "path": "/usr/lib/locale/C.UTF-8/LC_MESSAGES"
   },
   "category": "file",
   "image": "bash",
   "kind": "syscall",
   "name": "openat",
   "pid": 13,
   "ppid": 2,
   "seq": 353,
   "tid": 13,
   "time_ns": 1113945242
  },
  {
   "action": "allowed",
   "arch": "x86_64",
   "args": {
    "flags": "O_RDONLY|O_CLOEXEC",
    "path": "/usr/lib/locale/C.utf8/LC_MESSAGES"
   },
   "category": "file",
   "image": "bash",
   "kind": "syscall",
   "name": "openat",
   "pid": 13,
   "ppid": 2,
   "seq": 354,
   "tid": 13,
   "time_ns": 1113973374
  },
  {
   "action": "allowed",
   "arch": "x86_64",
   "args": {
    "flags": "O_RDONLY|O_CLOEXEC",
    "path": "/usr/lib/locale/C.utf8/LC_MESSAGES/SYS_LC_MESSAGES"
   },
   "category": "file",
   "image": "bash",
   "kind": "syscall",
   "name": "openat",
   "pid": 13,
   "ppid": 2,
   "seq": 355,
   "tid": 13,
   "time_ns": 1114002877
  },
  {
   "action": "allowed",
   "arch": "x86_64",
   "args": {
    "flags": "O_RDONLY|O_CLOEXEC",
    "path": "/usr/lib/locale/C.UTF-8/LC_MONETARY"
   },
   "category": "file",
   "image": "bash",
   "kind": "syscall",
   "name": "openat",
   "pid": 13,
   "ppid": 2,
   "seq": 356,
   "tid": 13,
   "time_ns": 1114040683
  },
  {
   "action": "allowed",
   "arch": "x86_64",
   "args": {
    "flags": "O_RDONLY|O_CLOEXEC",
    "path": "/usr/lib/locale/C.utf8/LC_MONETARY"
   },
   "category": "file",
   "image": "bash",
   "kind": "syscall",
   "name": "openat",
   "pid": 13,
   "ppid": 2,
   "seq": 357,
   "tid": 13,
   "time_ns": 1114069035
  },
  {
   "action": "allowed",
   "arch": "x86_64",
   "args": {
    "flags": "O_RDONLY|O_CLOEXEC",
    "path": "/usr/lib/locale/C.UTF-8/LC_COLLATE"
   },
   "category": "file",
   "image": "bash",
   "kind": "syscall",
   "name": "openat",
   "pid": 13,
   "ppid": 2,
   "seq": 358,
   "tid": 13,
   "time_ns": 1114105840
  },
  {
   "action": "allowed",
   "arch": "x86_64",
   "args": {
    "flags": "O_RDONLY|O_CLOEXEC",
    "path": "/usr/lib/locale/C.utf8/LC_COLLATE"
   },
   "category": "file",
   "image": "bash",
   "kind": "syscall",
   "name": "openat",
   "pid": 13,
   "ppid": 2,
   "seq": 359,
   "tid": 13,
   "time_ns": 1114133361
  },
  {
   "action": "allowed",
   "arch": "x86_64",
   "args": {
    "flags": "O_RDONLY|O_CLOEXEC",
    "path": "/usr/lib/locale/C.UTF-8/LC_TIME"
   },
   "category": "file",
   "image": "bash",
   "kind": "syscall",
   "name": "openat",
   "pid": 13,
   "ppid": 2,
   "seq": 360,
   "tid": 13,
   "time_ns": 1114169164
  },
  {
   "action": "allowed",
   "arch": "x86_64",
   "args": {
    "flags": "O_RDONLY|O_CLOEXEC",
    "path": "/usr/lib/locale/C.utf8/LC_TIME"
   },
   "category": "file",
   "image": "bash",
   "kind": "syscall",
   "name": "openat",
   "pid": 13,
   "ppid": 2,
   "seq": 361,
   "tid": 13,
   "time_ns": 1114196905
  },
  {
   "action": "allowed",
   "arch": "x86_64",
   "args": {
    "flags": "O_RDONLY|O_CLOEXEC",
    "path": "/usr/lib/locale/C.UTF-8/LC_NUMERIC"
   },
   "category": "file",
   "image": "bash",
   "kind": "syscall",
   "name": "openat",
   "pid": 13,
   "ppid": 2,
   "seq": 362,
   "tid": 13,
   "time_ns": 1114235933
  },
  {
   "action": "allowed",
   "arch": "x86_64",
   "args": {
    "flags": "O_RDONLY|O_CLOEXEC",
    "path": "/usr/lib/locale/C.utf8/LC_NUMERIC"
   },
   "category": "file",
   "image": "bash",
   "kind": "syscall",
   "name": "openat",
   "pid": 13,
   "ppid": 2,
   "seq": 363,
   "tid": 13,
   "time_ns": 1114272317
  },
  {
   "action": "allowed",
   "arch": "x86_64",
   "args": {
    "flags": "O_RDONLY|O_CLOEXEC",
    "path": "/usr/lib/locale/C.UTF-8/LC_CTYPE"
   },
   "category": "file",
   "image": "bash",
   "kind": "syscall",
   "name": "openat",
   "pid": 13,
   "ppid": 2,
   "seq": 364,
   "tid": 13,
   "time_ns": 1114308811
  },
  {
   "action": "allowed",
   "arch": "x86_64",
   "args": {
    "flags": "O_RDONLY|O_CLOEXEC",
    "path": "/usr/lib/locale/C.utf8/LC_CTYPE"
   },
   "category": "file",
   "image": "bash",
   "kind": "syscall",
   "name": "openat",
   "pid": 13,
   "ppid": 2,
   "seq": 365,
   "tid": 13,
   "time_ns": 1114335971
  },
  {
   "action": "allowed",
   "arch": "x86_64",
   "args": {},
   "category": "system",
   "image": "bash",
   "kind": "syscall",
   "name": "uname",
   "pid": 13,
   "ppid": 2,
   "seq": 366,
   "tid": 13,
   "time_ns": 1114434858
  },
  {
   "action": "allowed",
   "arch": "x86_64",
   "args": {
    "resource": "RLIMIT_NPROC",
    "target_pid": 0
   },
   "category": "file",
   "image": "bash",
   "kind": "syscall",
   "name": "prlimit64",
   "pid": 13,
   "ppid": 2,
   "seq": 367,
   "tid": 13,
   "time_ns": 1114707803
  },
  {
   "action": "allowed",
   "arch": "x86_64",
   "args": {
    "family": "AF_INET",
    "protocol": 6,
    "type": "SOCK_STREAM"
   },
   "category": "network",
   "image": "bash",
   "kind": "syscall",
   "name": "socket",
   "pid": 13,
   "ppid": 2,
   "seq": 368,
   "tid": 13,
   "time_ns": 1114996781
  },
  {
   "action": "allowed",
   "arch": "x86_64",
   "args": {
    "address": "198.51.100.7:80",
    "family": "AF_INET",
    "fd": 3,
    "fd_path": "socket:[302996]",
    "ip": "198.51.100.7",
    "port": 80
   },
   "category": "network",
   "image": "bash",
   "kind": "syscall",
   "name": "connect",
   "pid": 13,
   "ppid": 2,
   "seq": 369,
   "tid": 13,
   "time_ns": 1115043701
  },
  {
   "action": "allowed",
   "arch": "x86_64",
   "args": {
    "flags": "O_RDONLY",
    "path": "/usr/share/locale/C.UTF-8/LC_MESSAGES/libc.mo"
   },
   "category": "file",
   "image": "bash",
   "kind": "syscall",
   "name": "openat",
   "pid": 13,
   "ppid": 2,
   "seq": 370,
   "tid": 13,
   "time_ns": 1115150860
  },
  {
   "action": "allowed",
   "arch": "x86_64",
   "args": {
    "flags": "O_RDONLY",
    "path": "/usr/share/locale/C.utf8/LC_MESSAGES/libc.mo"
   },
   "category": "file",
   "image": "bash",
   "kind": "syscall",
   "name": "openat",
   "pid": 13,
   "ppid": 2,
   "seq": 371,
   "tid": 13,
   "time_ns": 1115194064
  },
  {
   "action": "allowed",
   "arch": "x86_64",
   "args": {
    "flags": "O_RDONLY",
    "path": "/usr/share/locale/C/LC_MESSAGES/libc.mo"
   },
   "category": "file",
   "image": "bash",
   "kind": "syscall",
   "name": "openat",
   "pid": 13,
   "ppid": 2,
   "seq": 372,
   "tid": 13,
   "time_ns": 1116089432
  },
  {
   "action": "allowed",
   "arch": "x86_64",
   "args": {
    "flags": "O_RDONLY",
    "path": "/usr/share/locale/C.UTF-8/LC_MESSAGES/bash.mo"
   },
   "category": "file",
   "image": "bash",
   "kind": "syscall",
   "name": "openat",
   "pid": 13,
   "ppid": 2,
   "seq": 373,
   "tid": 13,
   "time_ns": 1116216110
  },
  {
   "action": "allowed",
   "arch": "x86_64",
   "args": {
    "flags": "O_RDONLY",
    "path": "/usr/share/locale/C.utf8/LC_MESSAGES/bash.mo"
   },
   "category": "file",
   "image": "bash",
   "kind": "syscall",
   "name": "openat",
   "pid": 13,
   "ppid": 2,
   "seq": 374,
   "tid": 13,
   "time_ns": 1116257301
  },
  {
   "action": "allowed",
   "arch": "x86_64",
   "args": {
    "flags": "O_RDONLY",
    "path": "/usr/share/locale/C/LC_MESSAGES/bash.mo"
   },
   "category": "file",
   "image": "bash",
   "kind": "syscall",
   "name": "openat",
   "pid": 13,
   "ppid": 2,
   "seq": 375,
   "tid": 13,
   "time_ns": 1116284832
  },
  {
   "action": "allowed",
   "arch": "x86_64",
   "args": {
    "code": 1
   },
   "category": "process",
   "image": "bash",
   "kind": "syscall",
   "name": "exit_group",
   "pid": 13,
   "ppid": 2,
   "seq": 376,
   "tid": 13,
   "time_ns": 1116331391
  },
  {
   "action": "allowed",
   "arch": "x86_64",
   "args": {
    "code": 0
   },
   "category": "process",
   "image": "dash",
   "kind": "syscall",
   "name": "exit_group",
   "pid": 2,
   "ppid": 1,
   "seq": 377,
   "tid": 2,
   "time_ns": 1117789934
  }
 ],
 "files": [
  {
   "change": "created",
   "mode": "0755",
   "path": "/home/user/.config/autostart",
   "type": "directory"
  },
  {
   "change": "created",
   "mode": "0644",
   "path": "/home/user/.config/autostart/updater.desktop",
   "sha256": "72a74b923585b3af1a3185631d74e77522cf6db427b2b3663596d2c4de40dd74",
   "size": 131,
   "type": "data"
  },
  {
   "change": "created",
   "mode": "0644",
   "path": "/home/user/.config/demo-updater.conf",
   "sha256": "f6227ee3ac50256ec1cd182ee8dd5e10dfee662de03e26f77ae087abd04c773a",
   "size": 34,
   "type": "data"
  },
  {
   "change": "created",
   "mode": "0755",
   "path": "/tmp/.hidden",
   "type": "directory"
  },
  {
   "artifact": "dropped/c26133b0856eb5700e98f97b950c2413d0fd03883738ca795ff6b4b061341858",
   "change": "created",
   "mode": "0755",
   "path": "/tmp/.hidden/updater",
   "sha256": "c26133b0856eb5700e98f97b950c2413d0fd03883738ca795ff6b4b061341858",
   "size": 2005,
   "type": "script"
  }
 ],
 "network": {
  "attempts": [
   {
    "address": "198.51.100.7:80",
    "family": "AF_INET",
    "ip": "198.51.100.7",
    "pid": 13,
    "port": 80,
    "protocol": "tcp",
    "seq": 369,
    "syscall": "connect"
   }
  ],
  "connections": [],
  "dns": [],
  "http": [],
  "mode": "sinkhole",
  "other": [],
  "tls": [],
  "truncations": []
 },
 "output": {
  "stderr_bytes": 0,
  "stderr_file": "stderr.txt",
  "stderr_preview": "",
  "stderr_truncated": false,
  "stdout_bytes": 225,
  "stdout_file": "stdout.txt",
  "stdout_preview": "demo sample: starting (pid 2)\nupdater: up to date\ndemo sample: /etc/passwd has 7 entries\nLinux ws-lnx-0417 6.18.44-fc-v669 #1 SMP PREEMPT_DYNAMIC @0 x86_64 GNU/Linux\ndemo sample: 198.51.100.7:80 unreachable\ndemo sample: done\n",
  "stdout_truncated": false
 },
 "processes": [
  {
   "argv": [
    "/home/user/Downloads/demo-sample.sh"
   ],
   "end_ns": 1117789934,
   "execs": [
    "/home/user/Downloads/demo-sample.sh"
   ],
   "exit": {
    "code": 0,
    "source": "reaped"
   },
   "image": "dash",
   "path": "/usr/bin/dash",
   "pid": 2,
   "ppid": 1,
   "start_ns": 968581777
  },
  {
   "argv": [
    "mkdir",
    "-p",
    "/tmp/.hidden"
   ],
   "created_by": 7,
   "end_ns": 1000817807,
   "execs": [
    "/usr/bin/mkdir"
   ],
   "exit": {
    "code": 0,
    "source": "exit_group"
   },
   "image": "mkdir",
   "path": "/usr/bin/mkdir",
   "pid": 3,
   "ppid": 2,
   "start_ns": 995698064
  },
  {
   "argv": [
    "cat",
    "/home/user/Downloads/demo-sample.sh"
   ],
   "created_by": 51,
   "end_ns": 1011123823,
   "execs": [
    "/usr/bin/cat"
   ],
   "exit": {
    "code": 0,
    "source": "exit_group"
   },
   "image": "cat",
   "path": "/usr/bin/cat",
   "pid": 4,
   "ppid": 2,
   "start_ns": 1007610692
  },
  {
   "argv": [
    "chmod",
    "755",
    "/tmp/.hidden/updater"
   ],
   "created_by": 87,
   "end_ns": 1037550948,
   "execs": [
    "/usr/bin/chmod"
   ],
   "exit": {
    "code": 0,
    "source": "exit_group"
   },
   "image": "chmod",
   "path": "/usr/bin/chmod",
   "pid": 5,
   "ppid": 2,
   "start_ns": 1019649468
  },
  {
   "argv": [
    "/tmp/.hidden/updater",
    "--check"
   ],
   "created_by": 123,
   "end_ns": 1042932420,
   "execs": [
    "/tmp/.hidden/updater"
   ],
   "exit": {
    "code": 0,
    "source": "exit_group"
   },
   "image": "dash",
   "path": "/usr/bin/dash",
   "pid": 6,
   "ppid": 2,
   "start_ns": 1041447507
  },
  {
   "argv": [
    "mkdir",
    "-p",
    "/home/user/.config/autostart"
   ],
   "created_by": 131,
   "end_ns": 1056186257,
   "execs": [
    "/usr/bin/mkdir"
   ],
   "exit": {
    "code": 0,
    "source": "exit_group"
   },
   "image": "mkdir",
   "path": "/usr/bin/mkdir",
   "pid": 7,
   "ppid": 2,
   "start_ns": 1043151214
  },
  {
   "argv": [
    "cat"
   ],
   "created_by": 180,
   "end_ns": 1080607597,
   "execs": [
    "/usr/bin/cat"
   ],
   "exit": {
    "code": 0,
    "source": "exit_group"
   },
   "image": "cat",
   "path": "/usr/bin/cat",
   "pid": 8,
   "ppid": 2,
   "start_ns": 1072651657
  },
  {
   "argv": [],
   "created_by": 215,
   "end_ns": 1102566506,
   "execs": [],
   "exit": {
    "code": 0,
    "source": "exit_group"
   },
   "image": "dash",
   "path": "/usr/bin/dash",
   "pid": 9,
   "ppid": 2,
   "start_ns": 1081016183
  },
  {
   "argv": [
    "cat",
    "/etc/passwd"
   ],
   "created_by": 217,
   "end_ns": 1101990762,
   "execs": [
    "/usr/bin/cat"
   ],
   "exit": {
    "code": 0,
    "source": "exit_group"
   },
   "image": "cat",
   "path": "/usr/bin/cat",
   "pid": 10,
   "ppid": 9,
   "start_ns": 1081529224
  },
  {
   "argv": [
    "wc",
    "-l"
   ],
   "created_by": 217,
   "end_ns": 1102391596,
   "execs": [
    "/usr/bin/wc"
   ],
   "exit": {
    "code": 0,
    "source": "exit_group"
   },
   "image": "wc",
   "path": "/usr/bin/wc",
   "pid": 11,
   "ppid": 9,
   "start_ns": 1082412715
  },
  {
   "argv": [
    "uname",
    "-a"
   ],
   "created_by": 291,
   "end_ns": 1108965166,
   "execs": [
    "/usr/bin/uname"
   ],
   "exit": {
    "code": 0,
    "source": "exit_group"
   },
   "image": "uname",
   "path": "/usr/bin/uname",
   "pid": 12,
   "ppid": 2,
   "start_ns": 1102897577
  },
  {
   "argv": [
    "bash",
    "-c",
    "exec 3<>/dev/tcp/198.51.100.7/80"
   ],
   "created_by": 329,
   "end_ns": 1116331391,
   "execs": [
    "/usr/bin/bash"
   ],
   "exit": {
    "code": 1,
    "source": "exit_group"
   },
   "image": "bash",
   "path": "/usr/bin/bash",
   "pid": 13,
   "ppid": 2,
   "start_ns": 1109332285
  }
 ],
 "registry": [],
 "run": {
  "arguments": [
   "/home/user/Downloads/demo-sample.sh"
  ],
  "artifacts_directory": "/tmp/xa",
  "duration_ms": 1259.814227,
  "errors": [],
  "exit_code": 0,
  "host_uid": 101000,
  "hostname": "ws-lnx-0417",
  "limits_hit": [],
  "network_mode": "sinkhole",
  "outcome": {
   "code": 0,
   "kind": "exited"
  },
  "profile": "default",
  "runner": "script",
  "sample_path": "/home/user/Downloads/demo-sample.sh",
  "setup_ms": 974.18371,
  "started_at": "2026-11-26T22:12:18Z",
  "timeout_hit": false,
  "timeout_s": 30,
  "user": "user",
  "working_directory": "/home/user/Downloads"
 },
 "sample": {
  "file_name": "demo-sample.sh",
  "md5": "bb369eee6d8170aef2952746adbdd1aa",
  "path": "demo/demo-sample.sh",
  "sha1": "504588413f471ab19a679e4dae1d58d801798aa8",
  "sha256": "c26133b0856eb5700e98f97b950c2413d0fd03883738ca795ff6b4b061341858",
  "size": 2005,
  "type": "script",
  "type_detail": "script (/bin/sh)"
 },
 "schema_version": "1.0",
 "syscall_counts": {
  "chdir": 4,
  "clone": 3,
  "connect": 1,
  "execve": 11,
  "exit_group": 12,
  "fchmodat": 1,
  "mkdir": 6,
  "mmap": 16,
  "openat": 300,
  "prlimit64": 12,
  "socket": 1,
  "uname": 2,
  "vfork": 8
 },
 "tool": {
  "name": "petri",
  "version": "0.1.0"
 }
}
"""###
    /// "hello world's \"script\".sh": writes ~/hello.txt and runs cat /etc/hostname.
    static let helloScript = ###"""
{
 "behaviours": [],
 "canaries": [],
 "denied": [],
 "event_stats": {
  "elided": 0,
  "max_events": 50000,
  "max_per_syscall": 5000,
  "notified": 44,
  "recorded": 44,
  "vanished": 0
 },
 "events": [
  {
   "action": "allowed",
   "arch": "x86_64",
   "args": {
    "argv": [
     "/home/user/Downloads/hello world's \"script\".sh"
    ],
    "env": [
     "PATH=/usr/local/bin:/usr/bin:/bin",
     "HOME=/home/user",
     "USER=user",
     "SHELL=/bin/bash",
     "LANG=C.UTF-8",
     "TERM=xterm-256color",
     "PWD=/home/user/Downloads"
    ],
    "path": "/home/user/Downloads/hello world's \"script\".sh"
   },
   "category": "process",
   "image": "petri",
   "kind": "syscall",
   "name": "execve",
   "pid": 2,
   "ppid": 1,
   "seq": 1,
   "tid": 2,
   "time_ns": 223074832
  },
  {
   "action": "allowed",
   "arch": "x86_64",
   "args": {
    "flags": "O_RDONLY|O_CLOEXEC",
    "path": "/etc/ld.so.cache"
   },
   "category": "file",
   "image": "dash",
   "kind": "syscall",
   "name": "openat",
   "pid": 2,
   "ppid": 1,
   "seq": 2,
   "tid": 2,
   "time_ns": 228178502
  },
  {
   "action": "allowed",
   "arch": "x86_64",
   "args": {
    "flags": "O_RDONLY|O_CLOEXEC",
    "path": "/lib/x86_64-linux-gnu/libc.so.6"
   },
   "category": "file",
   "image": "dash",
   "kind": "syscall",
   "name": "openat",
   "pid": 2,
   "ppid": 1,
   "seq": 3,
   "tid": 2,
   "time_ns": 232252614
  },
  {
   "action": "allowed",
   "arch": "x86_64",
   "args": {
    "addr": "0x7f444f98b000",
    "fd": 3,
    "fd_path": "/usr/lib/x86_64-linux-gnu/libc.so.6",
    "flags": "MAP_PRIVATE|MAP_FIXED|MAP_DENYWRITE",
    "length": 1400832,
    "prot": "PROT_READ|PROT_EXEC"
   },
   "category": "memory",
   "image": "dash",
   "kind": "syscall",
   "name": "mmap",
   "pid": 2,
   "ppid": 1,
   "seq": 4,
   "tid": 2,
   "time_ns": 232341977
  },
  {
   "action": "allowed",
   "arch": "x86_64",
   "args": {
    "resource": "RLIMIT_STACK",
    "target_pid": 0
   },
   "category": "file",
   "image": "dash",
   "kind": "syscall",
   "name": "prlimit64",
   "pid": 2,
   "ppid": 1,
   "seq": 5,
   "tid": 2,
   "time_ns": 232616023
  },
  {
   "action": "allowed",
   "arch": "x86_64",
   "args": {
    "flags": "O_RDONLY",
    "path": "/home/user/Downloads/hello world's \"script\".sh"
   },
   "category": "file",
   "image": "dash",
   "kind": "syscall",
   "name": "openat",
   "pid": 2,
   "ppid": 1,
   "seq": 6,
   "tid": 2,
   "time_ns": 232758435
  },
  {
   "action": "allowed",
   "arch": "x86_64",
   "args": {
    "flags": "O_WRONLY|O_CREAT|O_TRUNC",
    "mode": "0666",
    "path": "/home/user/hello.txt"
   },
   "category": "file",
   "image": "dash",
   "kind": "syscall",
   "name": "openat",
   "pid": 2,
   "ppid": 1,
   "seq": 7,
   "tid": 2,
   "time_ns": 232846555
  },
  {
   "action": "allowed",
   "arch": "x86_64",
   "args": {},
   "category": "process",
   "image": "dash",
   "kind": "syscall",
   "name": "vfork",
   "pid": 2,
   "ppid": 1,
   "seq": 8,
   "tid": 2,
   "time_ns": 234411637
  },
  {
   "action": "allowed",
   "arch": "x86_64",
   "args": {
    "argv": [
     "cat",
     "/etc/hostname"
    ],
    "env": [
     "USER=user",
     "HOME=/home/user",
     "TERM=xterm-256color",
     "PATH=/usr/local/bin:/usr/bin:/bin",
     "LANG=C.UTF-8",
     "SHELL=/bin/bash",
     "PWD=/home/user/Downloads"
    ],
    "path": "/usr/bin/cat"
   },
   "category": "process",
   "image": "dash",
   "kind": "syscall",
   "name": "execve",
   "pid": 3,
   "ppid": 2,
   "seq": 9,
   "tid": 3,
   "time_ns": 234511615
  },
  {
   "action": "allowed",
   "arch": "x86_64",
   "args": {
    "flags": "O_RDONLY|O_CLOEXEC",
    "path": "/etc/ld.so.cache"
   },
   "category": "file",
   "image": "cat",
   "kind": "syscall",
   "name": "openat",
   "pid": 3,
   "ppid": 2,
   "seq": 10,
   "tid": 3,
   "time_ns": 235184783
  },
  {
   "action": "allowed",
   "arch": "x86_64",
   "args": {
    "flags": "O_RDONLY|O_CLOEXEC",
    "path": "/lib/x86_64-linux-gnu/libc.so.6"
   },
   "category": "file",
   "image": "cat",
   "kind": "syscall",
   "name": "openat",
   "pid": 3,
   "ppid": 2,
   "seq": 11,
   "tid": 3,
   "time_ns": 235271221
  },
  {
   "action": "allowed",
   "arch": "x86_64",
   "args": {
    "addr": "0x7fbd83021000",
    "fd": 3,
    "fd_path": "/usr/lib/x86_64-linux-gnu/libc.so.6",
    "flags": "MAP_PRIVATE|MAP_FIXED|MAP_DENYWRITE",
    "length": 1400832,
    "prot": "PROT_READ|PROT_EXEC"
   },
   "category": "memory",
   "image": "cat",
   "kind": "syscall",
   "name": "mmap",
   "pid": 3,
   "ppid": 2,
   "seq": 12,
   "tid": 3,
   "time_ns": 235323419
  },
  {
   "action": "allowed",
   "arch": "x86_64",
   "args": {
    "resource": "RLIMIT_STACK",
    "target_pid": 0
   },
   "category": "file",
   "image": "cat",
   "kind": "syscall",
   "name": "prlimit64",
   "pid": 3,
   "ppid": 2,
   "seq": 13,
   "tid": 3,
   "time_ns": 235516495
  },
  {
   "action": "allowed",
   "arch": "x86_64",
   "args": {
    "flags": "O_RDONLY|O_CLOEXEC",
    "path": "/usr/lib/locale/locale-archive"
   },
   "category": "file",
   "image": "cat",
   "kind": "syscall",
   "name": "openat",
   "pid": 3,
   "ppid": 2,
   "seq": 14,
   "tid": 3,
   "time_ns": 235602603
  },
  {
   "action": "allowed",
   "arch": "x86_64",
   "args": {
    "flags": "O_RDONLY|O_CLOEXEC",
    "path": "/usr/share/locale/locale.alias"
   },
   "category": "file",
   "image": "cat",
   "kind": "syscall",
   "name": "openat",
   "pid": 3,
   "ppid": 2,
   "seq": 15,
   "tid": 3,
   "time_ns": 235651275
  },
  {
   "action": "allowed",
   "arch": "x86_64",
   "args": {
    "flags": "O_RDONLY|O_CLOEXEC",
    "path": "/usr/lib/locale/C.UTF-8/LC_IDENTIFICATION"
   },
   "category": "file",
   "image": "cat",
   "kind": "syscall",
   "name": "openat",
   "pid": 3,
   "ppid": 2,
   "seq": 16,
   "tid": 3,
   "time_ns": 235709622
  },
  {
   "action": "allowed",
   "arch": "x86_64",
   "args": {
    "flags": "O_RDONLY|O_CLOEXEC",
    "path": "/usr/lib/locale/C.utf8/LC_IDENTIFICATION"
   },
   "category": "file",
   "image": "cat",
   "kind": "syscall",
   "name": "openat",
   "pid": 3,
   "ppid": 2,
   "seq": 17,
   "tid": 3,
   "time_ns": 235751824
  },
  {
   "action": "allowed",
   "arch": "x86_64",
   "args": {
    "flags": "O_RDONLY",
    "path": "/usr/lib/x86_64-linux-gnu/gconv/gconv-modules.cache"
   },
   "category": "file",
   "image": "cat",
   "kind": "syscall",
   "name": "openat",
   "pid": 3,
   "ppid": 2,
   "seq": 18,
   "tid": 3,
   "time_ns": 235796851
  },
  {
   "action": "allowed",
   "arch": "x86_64",
   "args": {
    "flags": "O_RDONLY|O_CLOEXEC",
    "path": "/usr/lib/locale/C.UTF-8/LC_MEASUREMENT"
   },
   "category": "file",
   "image": "cat",
   "kind": "syscall",
   "name": "openat",
   "pid": 3,
   "ppid": 2,
   "seq": 19,
   "tid": 3,
   "time_ns": 235845123
  },
  {
   "action": "allowed",
   "arch": "x86_64",
   "args": {
    "flags": "O_RDONLY|O_CLOEXEC",
    "path": "/usr/lib/locale/C.utf8/LC_MEASUREMENT"
   },
   "category": "file",
   "image": "cat",
   "kind": "syscall",
   "name": "openat",
   "pid": 3,
   "ppid": 2,
   "seq": 20,
   "tid": 3,
   "time_ns": 235878272
  },
  {
   "action": "allowed",
   "arch": "x86_64",
   "args": {
    "flags": "O_RDONLY|O_CLOEXEC",
    "path": "/usr/lib/locale/C.UTF-8/LC_TELEPHONE"
   },
   "category": "file",
   "image": "cat",
   "kind": "syscall",
   "name": "openat",
   "pid": 3,
   "ppid": 2,
   "seq": 21,
   "tid": 3,
   "time_ns": 235918932
  },
  {
   "action": "allowed",
   "arch": "x86_64",
   "args": {
    "flags": "O_RDONLY|O_CLOEXEC",
    "path": "/usr/lib/locale/C.utf8/LC_TELEPHONE"
   },
   "category": "file",
   "image": "cat",
   "kind": "syscall",
   "name": "openat",
   "pid": 3,
   "ppid": 2,
   "seq": 22,
   "tid": 3,
   "time_ns": 235950970
  },
  {
   "action": "allowed",
   "arch": "x86_64",
   "args": {
    "flags": "O_RDONLY|O_CLOEXEC",
    "path": "/usr/lib/locale/C.UTF-8/LC_ADDRESS"
   },
   "category": "file",
   "image": "cat",
   "kind": "syscall",
   "name": "openat",
   "pid": 3,
   "ppid": 2,
   "seq": 23,
   "tid": 3,
   "time_ns": 235989827
  },
  {
   "action": "allowed",
   "arch": "x86_64",
   "args": {
    "flags": "O_RDONLY|O_CLOEXEC",
    "path": "/usr/lib/locale/C.utf8/LC_ADDRESS"
   },
   "category": "file",
   "image": "cat",
   "kind": "syscall",
   "name": "openat",
   "pid": 3,
   "ppid": 2,
   "seq": 24,
   "tid": 3,
   "time_ns": 236021434
  },
  {
   "action": "allowed",
   "arch": "x86_64",
   "args": {
    "flags": "O_RDONLY|O_CLOEXEC",
    "path": "/usr/lib/locale/C.UTF-8/LC_NAME"
   },
   "category": "file",
   "image": "cat",
   "kind": "syscall",
   "name": "openat",
   "pid": 3,
   "ppid": 2,
   "seq": 25,
   "tid": 3,
   "time_ns": 236062054
  },
  {
   "action": "allowed",
   "arch": "x86_64",
   "args": {
    "flags": "O_RDONLY|O_CLOEXEC",
    "path": "/usr/lib/locale/C.utf8/LC_NAME"
   },
   "category": "file",
   "image": "cat",
   "kind": "syscall",
   "name": "openat",
   "pid": 3,
   "ppid": 2,
   "seq": 26,
   "tid": 3,
   "time_ns": 236093791
  },
  {
   "action": "allowed",
   "arch": "x86_64",
   "args": {
    "flags": "O_RDONLY|O_CLOEXEC",
    "path": "/usr/lib/locale/C.UTF-8/LC_PAPER"
   },
   "category": "file",
   "image": "cat",
   "kind": "syscall",
   "name": "openat",
   "pid": 3,
   "ppid": 2,
   "seq": 27,
   "tid": 3,
   "time_ns": 236282211
  },
  {
   "action": "allowed",
   "arch": "x86_64",
   "args": {
    "flags": "O_RDONLY|O_CLOEXEC",
    "path": "/usr/lib/locale/C.utf8/LC_PAPER"
   },
   "category": "file",
   "image": "cat",
   "kind": "syscall",
   "name": "openat",
   "pid": 3,
   "ppid": 2,
   "seq": 28,
   "tid": 3,
   "time_ns": 236331314
  },
  {
   "action": "allowed",
   "arch": "x86_64",
   "args": {
    "flags": "O_RDONLY|O_CLOEXEC",
    "path": "/usr/lib/locale/C.UTF-8/LC_MESSAGES"
   },
   "category": "file",
   "image": "cat",
   "kind": "syscall",
   "name": "openat",
   "pid": 3,
   "ppid": 2,
   "seq": 29,
   "tid": 3,
   "time_ns": 236374207
  },
  {
   "action": "allowed",
   "arch": "x86_64",
   "args": {
    "flags": "O_RDONLY|O_CLOEXEC",
    "path": "/usr/lib/locale/C.utf8/LC_MESSAGES"
   },
   "category": "file",
   "image": "cat",
   "kind": "syscall",
   "name": "openat",
   "pid": 3,
   "ppid": 2,
   "seq": 30,
   "tid": 3,
   "time_ns": 236407076
  },
  {
   "action": "allowed",
   "arch": "x86_64",
   "args": {
    "flags": "O_RDONLY|O_CLOEXEC",
    "path": "/usr/lib/locale/C.utf8/LC_MESSAGES/SYS_LC_MESSAGES"
   },
   "category": "file",
   "image": "cat",
   "kind": "syscall",
   "name": "openat",
   "pid": 3,
   "ppid": 2,
   "seq": 31,
   "tid": 3,
   "time_ns": 236446464
  },
  {
   "action": "allowed",
   "arch": "x86_64",
   "args": {
    "flags": "O_RDONLY|O_CLOEXEC",
    "path": "/usr/lib/locale/C.UTF-8/LC_MONETARY"
   },
   "category": "file",
   "image": "cat",
   "kind": "syscall",
   "name": "openat",
   "pid": 3,
   "ppid": 2,
   "seq": 32,
   "tid": 3,
   "time_ns": 236489128
  },
  {
   "action": "allowed",
   "arch": "x86_64",
   "args": {
    "flags": "O_RDONLY|O_CLOEXEC",
    "path": "/usr/lib/locale/C.utf8/LC_MONETARY"
   },
   "category": "file",
   "image": "cat",
   "kind": "syscall",
   "name": "openat",
   "pid": 3,
   "ppid": 2,
   "seq": 33,
   "tid": 3,
   "time_ns": 236521436
  },
  {
   "action": "allowed",
   "arch": "x86_64",
   "args": {
    "flags": "O_RDONLY|O_CLOEXEC",
    "path": "/usr/lib/locale/C.UTF-8/LC_COLLATE"
   },
   "category": "file",
   "image": "cat",
   "kind": "syscall",
   "name": "openat",
   "pid": 3,
   "ppid": 2,
   "seq": 34,
   "tid": 3,
   "time_ns": 236563077
  },
  {
   "action": "allowed",
   "arch": "x86_64",
   "args": {
    "flags": "O_RDONLY|O_CLOEXEC",
    "path": "/usr/lib/locale/C.utf8/LC_COLLATE"
   },
   "category": "file",
   "image": "cat",
   "kind": "syscall",
   "name": "openat",
   "pid": 3,
   "ppid": 2,
   "seq": 35,
   "tid": 3,
   "time_ns": 236595886
  },
  {
   "action": "allowed",
   "arch": "x86_64",
   "args": {
    "flags": "O_RDONLY|O_CLOEXEC",
    "path": "/usr/lib/locale/C.UTF-8/LC_TIME"
   },
   "category": "file",
   "image": "cat",
   "kind": "syscall",
   "name": "openat",
   "pid": 3,
   "ppid": 2,
   "seq": 36,
   "tid": 3,
   "time_ns": 236635014
  },
  {
   "action": "allowed",
   "arch": "x86_64",
   "args": {
    "flags": "O_RDONLY|O_CLOEXEC",
    "path": "/usr/lib/locale/C.utf8/LC_TIME"
   },
   "category": "file",
   "image": "cat",
   "kind": "syscall",
   "name": "openat",
   "pid": 3,
   "ppid": 2,
   "seq": 37,
   "tid": 3,
   "time_ns": 236666931
  },
  {
   "action": "allowed",
   "arch": "x86_64",
   "args": {
    "flags": "O_RDONLY|O_CLOEXEC",
    "path": "/usr/lib/locale/C.UTF-8/LC_NUMERIC"
   },
   "category": "file",
   "image": "cat",
   "kind": "syscall",
   "name": "openat",
   "pid": 3,
   "ppid": 2,
   "seq": 38,
   "tid": 3,
   "time_ns": 236709525
  },
  {
   "action": "allowed",
   "arch": "x86_64",
   "args": {
    "flags": "O_RDONLY|O_CLOEXEC",
    "path": "/usr/lib/locale/C.utf8/LC_NUMERIC"
   },
   "category": "file",
   "image": "cat",
   "kind": "syscall",
   "name": "openat",
   "pid": 3,
   "ppid": 2,
   "seq": 39,
   "tid": 3,
   "time_ns": 236741342
  },
  {
   "action": "allowed",
   "arch": "x86_64",
   "args": {
    "flags": "O_RDONLY|O_CLOEXEC",
    "path": "/usr/lib/locale/C.UTF-8/LC_CTYPE"
   },
   "category": "file",
   "image": "cat",
   "kind": "syscall",
   "name": "openat",
   "pid": 3,
   "ppid": 2,
   "seq": 40,
   "tid": 3,
   "time_ns": 236783164
  },
  {
   "action": "allowed",
   "arch": "x86_64",
   "args": {
    "flags": "O_RDONLY|O_CLOEXEC",
    "path": "/usr/lib/locale/C.utf8/LC_CTYPE"
   },
   "category": "file",
   "image": "cat",
   "kind": "syscall",
   "name": "openat",
   "pid": 3,
   "ppid": 2,
   "seq": 41,
   "tid": 3,
   "time_ns": 236824024
  },
  {
   "action": "allowed",
   "arch": "x86_64",
   "args": {
    "flags": "O_RDONLY",
    "path": "/etc/hostname"
   },
   "category": "file",
   "image": "cat",
   "kind": "syscall",
   "name": "openat",
   "pid": 3,
   "ppid": 2,
   "seq": 42,
   "tid": 3,
   "time_ns": 236880148
  },
  {
   "action": "allowed",
   "arch": "x86_64",
   "args": {
    "code": 0
   },
   "category": "process",
   "image": "cat",
   "kind": "syscall",
   "name": "exit_group",
   "pid": 3,
   "ppid": 2,
   "seq": 43,
   "tid": 3,
   "time_ns": 237286831
  },
  {
   "action": "allowed",
   "arch": "x86_64",
   "args": {
    "code": 0
   },
   "category": "process",
   "image": "dash",
   "kind": "syscall",
   "name": "exit_group",
   "pid": 2,
   "ppid": 1,
   "seq": 44,
   "tid": 2,
   "time_ns": 237454860
  }
 ],
 "files": [
  {
   "change": "created",
   "mode": "0644",
   "path": "/home/user/hello.txt",
   "sha256": "5891b5b522d5df086d0ff0b110fbd9d21bb4fc7163af34d08286a2e846f6be03",
   "size": 6,
   "type": "data"
  }
 ],
 "network": {
  "attempts": [],
  "connections": [],
  "dns": [],
  "http": [],
  "mode": "sinkhole",
  "notes": [
   "any-port: nftables tproxy sends every TCP and UDP port to the catch-all"
  ],
  "other": [],
  "pcap": "traffic.pcap",
  "tls": [],
  "truncations": []
 },
 "output": {
  "stderr_bytes": 0,
  "stderr_file": "stderr.txt",
  "stderr_preview": "",
  "stderr_truncated": false,
  "stdout_bytes": 12,
  "stdout_file": "stdout.txt",
  "stdout_preview": "ws-lnx-0417\n",
  "stdout_truncated": false
 },
 "processes": [
  {
   "argv": [
    "/home/user/Downloads/hello world's \"script\".sh"
   ],
   "end_ns": 237454860,
   "execs": [
    "/home/user/Downloads/hello world's \"script\".sh"
   ],
   "exit": {
    "code": 0,
    "source": "reaped"
   },
   "image": "dash",
   "path": "/usr/bin/dash",
   "pid": 2,
   "ppid": 1,
   "start_ns": 223074832
  },
  {
   "argv": [
    "cat",
    "/etc/hostname"
   ],
   "created_by": 8,
   "end_ns": 237286831,
   "execs": [
    "/usr/bin/cat"
   ],
   "exit": {
    "code": 0,
    "source": "exit_group"
   },
   "image": "cat",
   "path": "/usr/bin/cat",
   "pid": 3,
   "ppid": 2,
   "start_ns": 234511615
  }
 ],
 "registry": [],
 "run": {
  "arguments": [
   "/home/user/Downloads/hello world's \"script\".sh"
  ],
  "artifacts_directory": "/tmp/petri-cli-0D4165CD/art",
  "duration_ms": 323.843051,
  "errors": [],
  "exit_code": 0,
  "host_uid": 101000,
  "hostname": "ws-lnx-0417",
  "limits_hit": [],
  "network_mode": "sinkhole",
  "outcome": {
   "code": 0,
   "kind": "exited"
  },
  "profile": "default",
  "runner": "script",
  "sample_path": "/home/user/Downloads/hello world's \"script\".sh",
  "setup_ms": 228.323657,
  "started_at": "2026-11-26T22:24:51Z",
  "timeout_hit": false,
  "timeout_s": 10,
  "user": "user",
  "working_directory": "/home/user/Downloads"
 },
 "sample": {
  "file_name": "hello world's \"script\".sh",
  "md5": "6fa48c9174fbec3a449a5bc500e70e46",
  "path": "/tmp/petri-cli-0D4165CD/hello world's \"script\".sh",
  "sha1": "7e12acec23870f753c88e10b16cd30e5b08f1549",
  "sha256": "12bb420cbf5bc292e9409e878fbe34ebaf4c445d7245e8304be40aa5d2a2fde5",
  "size": 83,
  "type": "script",
  "type_detail": "script (/bin/sh)"
 },
 "schema_version": "1.0",
 "syscall_counts": {
  "execve": 2,
  "exit_group": 2,
  "mmap": 2,
  "openat": 35,
  "prlimit64": 2,
  "vfork": 1
 },
 "tool": {
  "name": "petri",
  "version": "0.1.0"
 }
}
"""###
}
