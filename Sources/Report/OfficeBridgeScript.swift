/// The Python program that keeps one LibreOffice running for ``OfficeInstance``: it starts
/// `soffice` with a profile and a pipe of its own, connects to it through UNO (Debian's
/// `python3-uno`, or the Python that LibreOffice ships), answers `{"ready": true}`, then
/// converts one document per line of JSON on its standard input
/// (`{"input", "output", "filter"}`), answering one line each (`{"ok": true}` or
/// `{"ok": false, "error"}`). It leads a process group of its own, so the caller stops it
/// and LibreOffice together; it ends when its input ends or its parent dies.
enum OfficeBridgeScript {
    static let source = #"""
        import json, os, shutil, signal, subprocess, sys, threading, time

        os.setpgrp()
        parent = os.getppid()


        def answer(**fields):
            sys.stdout.write(json.dumps(fields) + "\n")
            sys.stdout.flush()


        def watch():
            # A parent that died cannot stop a LibreOffice that hangs: stop it here.
            while True:
                if os.getppid() != parent:
                    os.killpg(0, signal.SIGKILL)
                time.sleep(1)


        threading.Thread(target=watch, daemon=True).start()
        try:
            import uno
            from com.sun.star.beans import PropertyValue
            from com.sun.star.connection import NoConnectException
        except ImportError as error:
            answer(ready=False, bridge=False, error="uno: %s" % error)
            sys.exit(3)

        soffice, profile, pipe = sys.argv[1], sys.argv[2], sys.argv[3]
        office = subprocess.Popen(
            [soffice, "-env:UserInstallation=" + uno.systemPathToFileUrl(profile), "--headless", "--invisible",
             "--nologo", "--norestore", "--nodefault", "--nolockcheck", "--accept=pipe,name=%s;urp;" % pipe],
            stdin=subprocess.DEVNULL, stdout=subprocess.DEVNULL, stderr=subprocess.DEVNULL)


        def properties(**values):
            items = []
            for name, value in values.items():
                item = PropertyValue()
                item.Name, item.Value = name, value
                items.append(item)
            return tuple(items)


        local = uno.getComponentContext()
        resolver = local.ServiceManager.createInstanceWithContext("com.sun.star.bridge.UnoUrlResolver", local)
        while True:
            try:
                context = resolver.resolve("uno:pipe,name=%s;urp;StarOffice.ComponentContext" % pipe)
                break
            except NoConnectException:
                if office.poll() is not None:
                    answer(ready=False, bridge=True, error="soffice ended with %s" % office.returncode)
                    sys.exit(4)
                time.sleep(0.05)
        desktop = context.ServiceManager.createInstanceWithContext("com.sun.star.frame.Desktop", context)
        answer(ready=True)

        for line in sys.stdin:
            request = json.loads(line)
            try:
                document = desktop.loadComponentFromURL(
                    uno.systemPathToFileUrl(request["input"]), "_blank", 0,
                    properties(Hidden=True, ReadOnly=True, MacroExecutionMode=0, UpdateDocMode=0))
                if document is None:
                    answer(ok=False, error="not loaded")
                    continue
                try:
                    document.storeToURL(
                        uno.systemPathToFileUrl(request["output"]), properties(FilterName=request["filter"]))
                finally:
                    document.close(True)
                answer(ok=True)
            except Exception as error:
                answer(ok=False, error="%s: %s" % (type(error).__name__, error))
                if office.poll() is not None:
                    sys.exit(5)
        try:
            desktop.terminate()
            office.wait(timeout=10)
        except Exception:
            office.kill()
        shutil.rmtree(profile, ignore_errors=True)
        """#
}
