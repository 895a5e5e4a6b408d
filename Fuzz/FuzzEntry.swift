import Fuzzing

#if FUZZING
    import Foundation

    /// The target `Scripts/fuzz` chose (`BAOCAO_FUZZ_TARGET`), read once.
    let chosen: @Sendable ([UInt8]) -> Void = {
        let name = ProcessInfo.processInfo.environment["BAOCAO_FUZZ_TARGET"] ?? ""
        guard let target = FuzzTargets.all[name] else {
            let names = FuzzTargets.all.keys.sorted().joined(separator: ", ")
            FileHandle.standardError.write(Data("BAOCAO_FUZZ_TARGET must be one of: \(names)\n".utf8))
            exit(2)
        }
        return target
    }()

    /// libFuzzer's driver, from the runtime `-sanitize=fuzzer` links.
    @_silgen_name("LLVMFuzzerRunDriver")
    func libFuzzerRunDriver(
        _ argc: UnsafeMutablePointer<CInt>,
        _ argv: UnsafeMutablePointer<UnsafeMutablePointer<UnsafeMutablePointer<CChar>?>?>,
        _ callback: @convention(c) (UnsafePointer<UInt8>?, Int) -> CInt
    ) -> CInt

    /// The input callback libFuzzer's own `main` expects.
    @_cdecl("LLVMFuzzerTestOneInput")
    func fuzzOne(_ data: UnsafePointer<UInt8>?, _ count: Int) -> CInt {
        chosen(data.map { Array(UnsafeBufferPointer(start: $0, count: count)) } ?? [])
        return 0
    }

    /// The program's entry (SwiftPM names an executable's main `<module>_main`): hands the
    /// command line to libFuzzer with the chosen target as its callback.
    @_cdecl("baocao_fuzz_main")
    func fuzzMain(_ argc: CInt, _ argv: UnsafeMutablePointer<UnsafeMutablePointer<CChar>?>?) -> CInt {
        var argc = argc
        var argv = argv
        return libFuzzerRunDriver(&argc, &argv, fuzzOne)
    }
#else
    import Foundation

    /// Without libFuzzer: `baocao-fuzz TARGET FILE...` runs each file through the target,
    /// as the replay of a finding does.
    @main enum Replay {
        static func main() {
            let arguments = CommandLine.arguments.dropFirst()
            guard let name = arguments.first, let target = FuzzTargets.all[name] else {
                print("usage: baocao-fuzz \(FuzzTargets.all.keys.sorted().joined(separator: "|")) FILE...")
                exit(2)
            }
            for path in arguments.dropFirst() {
                guard let data = FileManager.default.contents(atPath: path) else { continue }
                target([UInt8](data))
                print("ok \(path)")
            }
        }
    }
#endif
