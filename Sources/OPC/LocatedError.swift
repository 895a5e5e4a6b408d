/// What the error type of every layer offers: a stable code, a Vietnamese message and the
/// place it concerns. Whatever reports errors to people (the command line, the batch
/// summary, the web page) reads any layer's error through it.
public protocol LocatedError: Error, Sendable, CustomStringConvertible {
    associatedtype Code: RawRepresentable<String>

    /// The stable identifier; its text (`package.not_zip`) never changes once published.
    var code: Code { get }
    /// What went wrong, in Vietnamese.
    var message: String { get }
    /// The place as a clerk reads it (file, package part, sheet and cell); empty when unknown.
    var location: String { get }
}

extension LocatedError {
    /// The code's text, such as `package.not_zip`.
    public var codeName: String { code.rawValue }

    /// The message after its place: `bang.xlsx, 'Phụ lục 1'!I12: …`, or the message alone.
    public var placedMessage: String { location.isEmpty ? message : "\(location): \(message)" }

    /// The placed message and the code in brackets, as the command line prints it.
    public var description: String { "\(placedMessage) [\(codeName)]" }
}
