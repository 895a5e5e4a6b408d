import Fuzzing

#if FUZZING
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
        FuzzTargets.appendix(data.map { Array(UnsafeBufferPointer(start: $0, count: count)) } ?? [])
        return 0
    }

    /// The program's entry (SwiftPM names an executable's main `<module>_main`): hands
    /// the command line to libFuzzer with the target as its callback
    /// (built by `Scripts/fuzz appendix`).
    @_cdecl("fuzz_appendix_main")
    func fuzzMain(_ argc: CInt, _ argv: UnsafeMutablePointer<UnsafeMutablePointer<CChar>?>?) -> CInt {
        var argc = argc
        var argv = argv
        return libFuzzerRunDriver(&argc, &argv, fuzzOne)
    }
#else
    import Foundation

    /// Without libFuzzer: runs each file given through the target, as the replay of a
    /// finding does (`swift run fuzz-appendix FILE...`).
    @main enum Replay {
        static func main() {
            for path in CommandLine.arguments.dropFirst() {
                guard let data = FileManager.default.contents(atPath: path) else { continue }
                FuzzTargets.appendix([UInt8](data))
                print("ok \(path)")
            }
        }
    }
#endif
