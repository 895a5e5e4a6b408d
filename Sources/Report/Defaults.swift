import DOCX
import Foundation
import Scorecard

extension DOCXTemplate {
    /// The official report template built into the binary for an office of `level`
    /// (`Templates/bao-cao-766.docx`, `-tinh.docx`, `-xa.docx`), compiled.
    public static func builtIn(for level: OfficeLevel = .district) throws -> DOCXTemplate {
        let encoded =
            switch level {
            case .district: BuiltInTemplate.base64
            case .province: BuiltInTemplate.provinceBase64
            case .commune: BuiltInTemplate.communeBase64
            }
        guard let data = Data(base64Encoded: encoded) else {
            throw DOCXError(.notADocument, "Mẫu báo cáo có sẵn bị hỏng.")
        }
        return try DOCXTemplate(bytes: [UInt8](data), displayName: "(mẫu báo cáo có sẵn)")
    }
}
