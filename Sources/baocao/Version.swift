/// The version of baocao: the one place it is written. `baocao --version` prints it and
/// `Scripts/package` reads it from the built binary to name and stamp the Debian package.
enum BaoCaoVersion {
    static let current = "0.4.0"
}
