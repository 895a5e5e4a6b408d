import DOCX
import Foundation

extension DOCXTemplate {
    /// The official report template built into the binary (`Templates/bao-cao-766.docx`),
    /// compiled.
    public static func builtIn() throws -> DOCXTemplate {
        guard let data = Data(base64Encoded: BuiltInTemplate.base64) else {
            throw DOCXError(.notADocument, "Mẫu báo cáo có sẵn bị hỏng.")
        }
        return try DOCXTemplate(bytes: [UInt8](data), displayName: "(mẫu báo cáo có sẵn)")
    }
}
