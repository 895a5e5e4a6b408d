import ArgumentParser
import Foundation
import OPC

/// `baocao docx validate FILE.docx...`: the ECMA-376 check of any Word document.
struct DocxCommand: ParsableCommand {
    static let configuration = CommandConfiguration(
        commandName: "docx",
        abstract: "Kiểm tra tài liệu Word (.docx).",
        subcommands: [Validate.self]
    )

    struct Validate: ParsableCommand {
        static let configuration = CommandConfiguration(
            abstract: "Kiểm tra tài liệu Word theo lược đồ ECMA-376 (0: hợp lệ, 1: không hợp lệ, 2: không đọc được).")

        enum Format: String, ExpressibleByArgument, CaseIterable {
            case text, json
        }

        @Argument(help: "Các tệp .docx cần kiểm tra.")
        var files: [String]

        @Option(help: "Định dạng: text hoặc json.")
        var format: Format = .text

        @OptionGroup var limitOptions: LimitOptions

        func validate() throws {
            if files.isEmpty { throw ValidationError("Cần ít nhất một tệp .docx.") }
        }

        /// What one file gave, as `--format json` writes it.
        struct FileResult: Encodable {
            enum Status: String, Encodable { case valid, invalid, unreadable }
            var file: String
            var status: Status
            var violations: [SchemaViolation] = []
            var error: String?
            var code: String?
        }

        func run() throws {
            let validator: DocumentSchemaValidator
            do {
                validator = try DocumentSchemaValidator(limits: limitOptions.limits)
            } catch {
                throw failUnreadable(error)
            }
            var results: [FileResult] = []
            for file in files {
                do {
                    let violations = try validator.validate(path: file, displayName: file)
                    results.append(
                        FileResult(file: file, status: violations.isEmpty ? .valid : .invalid, violations: violations))
                } catch let error as any LocatedError {
                    results.append(
                        FileResult(file: file, status: .unreadable, error: error.placedMessage, code: error.codeName))
                    FileHandleOutput.standardError("Lỗi: \(error)")
                }
            }
            switch format {
            case .json:
                let encoder = JSONEncoder()
                encoder.outputFormatting = [.prettyPrinted, .sortedKeys, .withoutEscapingSlashes]
                print(String(decoding: try encoder.encode(results), as: UTF8.self))
            case .text:
                for result in results {
                    switch result.status {
                    case .valid: print("Hợp lệ: \(result.file)")
                    case .invalid:
                        print("Không hợp lệ: \(result.file) (\(result.violations.count) lỗi)")
                        for violation in result.violations { print("  \(violation)") }
                    case .unreadable: print("Không đọc được: \(result.file)")
                    }
                }
            }
            if results.contains(where: { $0.status == .unreadable }) {
                throw ExitCode(ExitStatus.unreadableOrUsage)
            }
            if results.contains(where: { $0.status == .invalid }) {
                throw ExitCode(ExitStatus.validationFailed)
            }
        }
    }
}
