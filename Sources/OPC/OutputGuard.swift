#if canImport(Glibc)
    import Glibc
#elseif canImport(Darwin)
    import Darwin
#endif

/// Keeps outputs from overwriting inputs.
public enum OutputGuard {
    /// Whether `output` names the same existing file as `input` (through links or other
    /// spellings of the path).
    public static func isSameFile(_ output: String, as input: String) throws -> Bool {
        var outputInfo = stat()
        var inputInfo = stat()
        guard stat(output, &outputInfo) == 0, stat(input, &inputInfo) == 0 else { return false }
        return outputInfo.st_dev == inputInfo.st_dev && outputInfo.st_ino == inputInfo.st_ino
    }
}
