import ArgumentParser
import DOCX
import Foundation
import OPC

/// `baocao template …`: check and fill Word templates.
struct TemplateCommand: ParsableCommand {
    static let configuration = CommandConfiguration(
        commandName: "template",
        abstract: "Kiểm tra và điền mẫu báo cáo Word (cú pháp docxtemplater).",
        subcommands: [Render.self, Check.self]
    )

    /// Options shared by both subcommands.
    struct SyntaxOptions: ParsableArguments {
        @Option(help: "Cặp dấu phân cách thẻ, cách nhau bởi dấu cách (mặc định \"{ }\"), ví dụ \"[[ ]]\".")
        var delimiters: String?

        @Flag(
            inversion: .prefixedNo,
            help: "Vòng lặp có thẻ mở và thẻ đóng đứng riêng một đoạn thì lặp các đoạn ở giữa và bỏ hai đoạn chứa thẻ."
        )
        var paragraphLoop = true

        @Flag(
            inversion: .prefixedNo,
            help:
                "Cho phép thẻ XML thô {@tên} (giá trị thay cả đoạn văn). --no-raw coi mỗi thẻ như vậy là lỗi: dùng cho mẫu không phải của cơ quan."
        )
        var raw = true

        func options() throws -> TemplateOptions {
            var options = TemplateOptions(paragraphLoop: paragraphLoop, allowsRawXML: raw)
            if let delimiters {
                let parts = delimiters.split(separator: " ", omittingEmptySubsequences: true)
                guard parts.count == 2 else {
                    throw ValidationError("--delimiters cần hai dấu phân cách cách nhau bởi dấu cách, ví dụ \"[[ ]]\".")
                }
                options.delimiters = (String(parts[0]), String(parts[1]))
            }
            return options
        }
    }

    /// `baocao template render TEMPLATE.docx DATA.json -o OUT.docx`.
    struct Render: ParsableCommand {
        static let configuration = CommandConfiguration(
            abstract: "Điền dữ liệu JSON vào mẫu Word và ghi tài liệu kết quả.")

        @Argument(help: "Tệp mẫu .docx.")
        var template: String

        @Argument(help: "Tệp dữ liệu JSON.")
        var data: String

        @Option(name: .shortAndLong, help: "Tệp .docx kết quả (ghi trọn vẹn hoặc không ghi gì).")
        var output: String

        @OptionGroup var syntax: SyntaxOptions

        @Flag(help: "Coi thẻ thiếu giá trị là lỗi (mặc định chỉ cảnh báo).")
        var strict = false

        func run() throws {
            let options = try syntax.options()
            for input in [template, data] where try OutputGuard.isSameFile(output, as: input) {
                throw ValidationError("Tệp kết quả trùng với tệp đầu vào «\(input)»; hãy chọn tên khác.")
            }
            let values: TemplateValue
            do {
                values = try TemplateValue(json: Data(contentsOf: URL(fileURLWithPath: data)))
            } catch var error as DOCXError {
                error.file = data
                throw failUnreadable(error)
            } catch {
                FileHandleOutput.standardError("Lỗi: \(data): không đọc được tệp dữ liệu. [file.unreadable]")
                throw ExitCode(ExitStatus.unreadableOrUsage)
            }
            let compiled: DOCXTemplate
            do {
                compiled = try DOCXTemplate(path: template, options: options)
            } catch {
                throw failUnreadable(error)
            }
            do {
                let report = try compiled.render(values, to: output, strict: strict)
                for name in report.missing {
                    FileHandleOutput.standardError("Cảnh báo: thẻ không có giá trị, để trống: \(name)")
                }
            } catch let error as DOCXError {
                FileHandleOutput.standardError("Lỗi: \(error.description)")
                switch error.code {
                case .templateInvalid, .missingValues: throw ExitCode(ExitStatus.validationFailed)
                default: throw ExitCode(ExitStatus.unreadableOrUsage)
                }
            } catch {
                throw failUnreadable(error)
            }
        }
    }

    /// `baocao template check TEMPLATE.docx [--format text|json]`.
    struct Check: ParsableCommand {
        static let configuration = CommandConfiguration(
            abstract: "Liệt kê các thẻ, vòng lặp và mọi lỗi của mẫu Word.")

        enum Format: String, ExpressibleByArgument, CaseIterable {
            case text, json
        }

        @Argument(help: "Tệp mẫu .docx.")
        var template: String

        @Option(help: "Định dạng: text hoặc json.")
        var format: Format = .text

        @OptionGroup var syntax: SyntaxOptions

        func run() throws {
            let compiled: DOCXTemplate
            // An edited template can stop matching the schemas (Word then calls every draft
            // made from it damaged), so the same check as `docx validate` runs on it.
            let violations: [SchemaViolation]
            do {
                compiled = try DOCXTemplate(path: template, options: try syntax.options())
                violations = try DocumentSchemaValidator().validate(path: template, displayName: template)
            } catch let error as ValidationError {
                throw error
            } catch {
                throw failUnreadable(error)
            }
            switch format {
            case .json:
                struct Report: Encodable {
                    let file: String
                    let tags: [TemplateTagInfo]
                    let problems: [TemplateProblem]
                    let schemaViolations: [SchemaViolation]
                }
                let encoder = JSONEncoder()
                encoder.outputFormatting = [.prettyPrinted, .sortedKeys, .withoutEscapingSlashes]
                let data = try encoder.encode(
                    Report(
                        file: template, tags: compiled.tags, problems: compiled.problems,
                        schemaViolations: violations))
                print(String(decoding: data, as: UTF8.self))
            case .text:
                print(
                    "Mẫu \(template): \(compiled.tags.count) thẻ, \(compiled.problems.count + violations.count) lỗi."
                )
                for tag in compiled.tags {
                    let kind =
                        switch tag.kind {
                        case .value: "giá trị"
                        case .section: "mở vòng lặp/điều kiện"
                        case .invertedSection: "mở điều kiện phủ định"
                        case .close: "đóng"
                        case .delimiters: "đổi dấu phân cách"
                        case .rawXML: "XML thô, thay cả đoạn"
                        }
                    print("  \(tag.part)  \(tag.raw)  (\(kind))  trong đoạn «\(tag.context)»")
                }
                for problem in compiled.problems {
                    print("Lỗi: \(problem.description)")
                }
                for violation in violations {
                    print("Lỗi: \(template), \(violation)")
                }
            }
            if !compiled.problems.isEmpty || !violations.isEmpty { throw ExitCode(ExitStatus.validationFailed) }
        }
    }
}
