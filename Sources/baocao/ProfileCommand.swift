import ArgumentParser
import Foundation
import OPC
import Report

/// `baocao profile new|check`: an office profile written from the built-in divisions, and
/// the check of an edited one.
struct ProfileCommand: ParsableCommand {
    static let configuration = CommandConfiguration(
        commandName: "profile",
        abstract: "Lập và kiểm tra hồ sơ cơ quan (tỉnh, xã, phường, đặc khu).",
        subcommands: [New.self, Check.self])

    /// `baocao profile new --province NAME [--commune NAME] [--office NAME] [-o FILE] [--force]`.
    struct New: ParsableCommand {
        static let configuration = CommandConfiguration(
            commandName: "new",
            abstract: "Viết hồ sơ cơ quan sẵn dùng cho Văn phòng UBND tỉnh hoặc một xã, phường, đặc khu.")

        @Option(help: "Tỉnh, thành phố: ví dụ \"An Giang\", \"Hà Nội\", \"TP. Hồ Chí Minh\".")
        var province: String

        @Option(help: "Xã, phường, đặc khu của tỉnh (bỏ trống: hồ sơ của Văn phòng UBND tỉnh).")
        var commune: String?

        @Option(help: "Tên cơ quan ban hành (mặc định \"VĂN PHÒNG\" ở tỉnh, \"VĂN PHÒNG HĐND VÀ UBND\" ở xã).")
        var office: String?

        @Option(name: .shortAndLong, help: "Ghi hồ sơ ra tệp này (mặc định in ra màn hình).")
        var output: String?

        @Flag(help: "Ghi đè tệp đã có.")
        var force = false

        func run() throws {
            let divisions = Divisions.builtIn
            let chosenProvince: Divisions.Province
            switch divisions.province(named: province) {
            case .found(let found): chosenProvince = found
            case .ambiguous(let many): throw Self.unclear("tỉnh", province, many.map(\.name))
            case .unknown(let nearest): throw Self.unknown("tỉnh, thành phố", province, nearest)
            }
            var chosenCommune: Divisions.Commune?
            if let commune {
                switch divisions.commune(named: commune, in: chosenProvince) {
                case .found(let found): chosenCommune = found
                case .ambiguous(let many): throw Self.unclear("xã, phường", commune, many.map(\.name))
                case .unknown(let nearest):
                    throw Self.unknown("xã, phường, đặc khu của \(chosenProvince.name)", commune, nearest)
                }
            }
            if let office, office.trimmingCharacters(in: .whitespaces).isEmpty {
                throw ValidationError("--office không được để trống.")
            }
            let draft = ProfileDraft(province: chosenProvince, commune: chosenCommune, office: office)
            let yaml = draft.yaml
            // What is written must load: the draft is checked as `profile check` would.
            do {
                _ = try OfficeProfile.parse(yaml, source: output ?? "(hồ sơ mới)")
            } catch {
                throw failUnreadable(error)
            }
            guard let output else {
                print(yaml, terminator: "")
                return
            }
            if !force && FileManager.default.fileExists(atPath: output) {
                throw failUnreadable(
                    ProfileError(
                        .outputExists, source: output,
                        problems: ["Tệp đã có; chọn tên khác hoặc thêm --force để ghi đè."]))
            }
            do {
                let writer = try ByteWriter.atomicFile(at: output)
                try writer.write(Array(yaml.utf8))
                try writer.commit()
            } catch {
                throw failUnreadable(error)
            }
            let who =
                chosenCommune.map { "\($0.name), \(chosenProvince.name)" }
                ?? "Văn phòng UBND \(chosenProvince.inSentence)"
            FileHandleOutput.standardError(
                "Đã ghi hồ sơ \(who) vào \(output). Điền tên người ký, sửa nơi nhận nếu cần, rồi kiểm tra: baocao profile check \(output)"
            )
        }

        static func unknown(_ what: String, _ name: String, _ nearest: [String]) -> ExitCode {
            let hint = nearest.isEmpty ? "" : " Có phải: \(nearest.joined(separator: "; "))?"
            return failUnreadable(
                ProfileError(.unknownPlace, source: name, problems: ["Không có \(what) tên «\(name)».\(hint)"]))
        }

        static func unclear(_ what: String, _ name: String, _ names: [String]) -> ExitCode {
            failUnreadable(
                ProfileError(
                    .ambiguousPlace, source: name,
                    problems: [
                        "Có \(names.count) \(what) cùng tên «\(name)»: \(names.joined(separator: "; ")). Hãy ghi tên đầy đủ, ví dụ «\(names[0])»."
                    ]))
        }
    }

    /// `baocao profile check FILE`: every problem of an edited profile, with its line.
    struct Check: ParsableCommand {
        static let configuration = CommandConfiguration(
            commandName: "check", abstract: "Kiểm tra hồ sơ cơ quan đã sửa; báo từng lỗi kèm số dòng.")

        @Argument(help: "Tệp hồ sơ (YAML).")
        var file: String

        func run() throws {
            guard let data = FileManager.default.contents(atPath: file) else {
                throw failUnreadable(ProfileError(source: file, problems: ["Không đọc được tệp hồ sơ cơ quan."]))
            }
            let profile: OfficeProfile
            do {
                profile = try OfficeProfile.parse(String(decoding: data, as: UTF8.self), source: file)
            } catch let error as ProfileError where error.code == .invalid {
                FileHandleOutput.standardError("Lỗi: \(error)")
                throw ExitCode(ExitStatus.validationFailed)
            } catch {
                throw failUnreadable(error)
            }
            let level =
                switch profile.officeLevel {
                case .province: "Văn phòng UBND tỉnh \(profile.province), \(profile.units.count) đơn vị xếp hạng"
                case .district: "huyện \(profile.ownName), \(profile.units.count) đơn vị xếp hạng"
                case .commune: "\(profile.ownName), tỉnh \(profile.province)"
                }
            print("Hồ sơ hợp lệ: \(level).")
        }
    }
}
