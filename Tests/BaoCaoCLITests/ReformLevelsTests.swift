import Foundation
import TestKit
import Testing

/// Offices after the 2025 reform: a profile made in one command for a province's office and
/// for a commune's, then the month-09 samples converted with them.
@Suite struct ReformLevelsTests {
    static func sample(_ name: String) -> String {
        TestSupport.repoRoot.appendingPathComponent("Samples").appendingPathComponent(name).path
    }

    /// `profile new ARGUMENTS -o FILE` in `folder`, checked by `profile check`.
    static func profile(_ arguments: [String], in folder: URL, named name: String) throws -> URL {
        let file = folder.appendingPathComponent(name)
        let made = try TestSupport.baocao(["profile", "new"] + arguments + ["-o", file.path])
        #expect(made.status == 0, "\(made.stderr)")
        let checked = try TestSupport.baocao(["profile", "check", file.path])
        #expect(checked.status == 0, "\(checked.stdoutText)\(checked.stderr)")
        return file
    }

    /// The draft's text with white space folded, and the PDF's, after `convert --pdf`.
    static func convert(_ sample: String, profile: URL, in folder: URL) throws -> (draft: String, pdf: String) {
        let output = folder.appendingPathComponent((sample as NSString).deletingPathExtension + ".docx")
        let run = try TestSupport.baocao(
            [
                "convert", Self.sample(sample), "--profile", profile.path, "-o", output.path, "--store",
                folder.appendingPathComponent("history.sqlite").path, "--pdf",
            ])
        #expect(run.status == 0, "\(run.stdoutText)\(run.stderr)")
        for month in 1...6 {
            #expect(!run.stderr.contains("tháng 0\(month)/2025"), "no month before 07/2025 to miss: \(run.stderr)")
        }
        let validation = try TestSupport.baocao(["docx", "validate", output.path])
        #expect(validation.status == 0, "\(validation.stdoutText)\(validation.stderr)")
        let pdf = output.deletingPathExtension().appendingPathExtension("pdf")
        let info = try TestProcess.run(URL(fileURLWithPath: "/usr/bin/env"), ["pdfinfo", pdf.path])
        #expect(info.stdoutText.contains("(A4)"), "\(info.stdoutText)")
        let pdfText = try TestProcess.run(URL(fileURLWithPath: "/usr/bin/env"), ["pdftotext", pdf.path, "-"])
        func folded(_ text: String) -> String { text.split(whereSeparator: \.isWhitespace).joined(separator: " ") }
        return (folded(try DraftText.of(output)), folded(pdfText.stdoutText))
    }

    @Test func aProvincesOfficeGetsItsRankAmongTheProvincesAndEveryCommune() throws {
        let folder = try TestSupport.temporaryFolder("baocao-tinh")
        defer { try? FileManager.default.removeItem(at: folder) }
        let profile = try Self.profile(["--province", "an giang"], in: folder, named: "tinh.yaml")
        let yaml = try String(contentsOf: profile, encoding: .utf8)
        #expect(yaml.contains("level: tinh") && yaml.contains("UBND TỈNH AN GIANG"))
        #expect(yaml.contains("- name: \"Xã Phú Tân\"  # mã 30406"))

        let (draft, pdf) = try Self.convert("tinh-an-giang-2025-09.xlsx", profile: profile, in: folder)
        #expect(draft.contains("UBND TỈNH AN GIANG VĂN PHÒNG"), "\(draft.prefix(300))")
        #expect(draft.contains("Văn phòng UBND tỉnh An Giang báo cáo kết quả"))
        #expect(draft.contains("1. Tổng số điểm tỉnh đạt: 85.20/100 điểm, xếp hạng 09/34 tỉnh, thành phố"))
        #expect(draft.contains("xếp loại “TỐT”"))
        #expect(draft.contains("trên địa bàn tỉnh An Giang./."))
        #expect(pdf.contains("85.20/100") && pdf.contains("09/34"))
        // At most five named per group (callOut.most), the rest counted.
        let callOut = try #require(
            draft.firstMatch(of: #/Số hóa hồ sơ: Các đơn vị, địa phương \(([^()]+) và (\d+) đơn vị khác\)/#))
        #expect(callOut.1.split(separator: ",").count == 5, "\(callOut.0)")
        #expect(Int(callOut.2)! > 0)
        // Phụ lục 1 lists every one of the province's 102 communes.
        let communes = try Self.communes(of: "An Giang")
        #expect(communes.count == 102)
        for commune in communes { #expect(draft.contains(commune), "\(commune) in Phụ lục 1") }
    }

    /// A province that ranks its departments in a table of their own: both tables are its
    /// units, in Phụ lục 1 and in the call-outs.
    @Test func aProvinceRanksItsDepartmentsInATableOfTheirOwn() throws {
        let folder = try TestSupport.temporaryFolder("baocao-tinh-so")
        defer { try? FileManager.default.removeItem(at: folder) }
        let profile = try Self.profile(["--province", "An Giang"], in: folder, named: "tinh.yaml")
        var yaml = try String(contentsOf: profile, encoding: .utf8)
        yaml = yaml.replacingOccurrences(of: "  # - name: \"Sở", with: "  - name: \"Sở")
        try yaml.write(to: profile, atomically: true, encoding: .utf8)
        let appendix = folder.appendingPathComponent("tinh-an-giang-2025-09.xlsx")
        let made = try TestSupport.python(
            """
            import sys, openpyxl
            book = openpyxl.load_workbook(sys.argv[1])
            sheet = book.create_sheet("Sở, ban, ngành")
            sheet.append(["KẾT QUẢ ĐÁNH GIÁ CÁC SỞ, BAN, NGÀNH THÁNG 09 NĂM 2025"])
            sheet.append([])
            sheet.append(["STT", "Sở, ban, ngành", "Công khai, minh bạch", "Tiến độ giải quyết", "Dịch vụ công trực tuyến",
                          "Thanh toán trực tuyến", "Mức độ hài lòng", "Số hóa hồ sơ", "Tổng điểm", "Xếp loại", "Xếp hạng"])
            sheet.append([1, "Sở Khoa học và Công nghệ", 17.5, 19.2, 11.4, 9.5, 17.1, 20.3, 95.0, "XUẤT SẮC", 1])
            sheet.append([2, "Sở Tư pháp", 16.0, 18.0, 10.0, 5.0, 16.0, 14.0, 79.0, "KHÁ", 2])
            book.save(sys.argv[2])
            """, [Self.sample("tinh-an-giang-2025-09.xlsx"), appendix.path])
        #expect(made.status == 0, "\(made.stderr)")
        let checked = try TestSupport.baocao(
            ["validate", appendix.path, "--profile", profile.path, "--format", "json"])
        #expect(checked.status == 0, "\(checked.stdoutText)")
        let outcome = try #require(try JSONSerialization.jsonObject(with: checked.stdout) as? [String: Any])
        #expect(outcome["units"] as? Int == 104)
        let output = folder.appendingPathComponent("du-thao.docx")
        let run = try TestSupport.baocao(
            [
                "convert", appendix.path, "--profile", profile.path, "-o", output.path, "--store",
                folder.appendingPathComponent("h.sqlite").path,
            ])
        #expect(run.status == 0, "\(run.stderr)")
        let draft = try DraftText.of(output)
        // Their rows in Phụ lục 1: the name's cell, then the first group's.
        #expect(draft.contains("Sở Khoa học và Công nghệ\n17.50\n"), "the department's row in Phụ lục 1")
        #expect(draft.contains("Sở Tư pháp\n16.00\n"))
        #expect(draft.contains("09/34"))
    }

    @Test func aCommunesOfficeGetsItsRankAndWeakGroupsWithoutHuyen() throws {
        let folder = try TestSupport.temporaryFolder("baocao-xa")
        defer { try? FileManager.default.removeItem(at: folder) }
        // Old tone placement and no prefix: the name forms match as in the appendices.
        let profile = try Self.profile(
            ["--province", "An Giang", "--commune", "phú tân"], in: folder, named: "xa.yaml")
        let yaml = try String(contentsOf: profile, encoding: .utf8)
        #expect(yaml.contains("level: xa") && yaml.contains("commune: \"Xã Phú Tân\""))

        let (draft, pdf) = try Self.convert("xa-phu-tan-2025-09.xlsx", profile: profile, in: folder)
        #expect(draft.contains("UBND XÃ PHÚ TÂN VĂN PHÒNG HĐND VÀ UBND"))
        #expect(draft.contains("Phú Tân, ngày"))
        #expect(draft.contains("1. Tổng số điểm xã đạt: 81.40/100 điểm, xếp hạng 35/102 xã, phường, đặc khu"))
        #expect(draft.contains("Văn phòng HĐND và UBND xã Phú Tân báo cáo kết quả"))
        #expect(draft.contains("trên địa bàn xã Phú Tân./."))
        // The groups below 70% are named with the commune's score against the maximum.
        #expect(draft.contains("Thanh toán trực tuyến: xã đạt 6.20/10 điểm"))
        #expect(draft.contains("Số hóa hồ sơ: xã đạt 12.80/22 điểm"))
        #expect(!draft.contains("Công khai, minh bạch: xã đạt"))
        // Phụ lục 1: its six group scores with the province's average and best.
        #expect(draft.contains("Bình quân của tỉnh") && draft.contains("Cao nhất của tỉnh"))
        #expect(draft.contains("Công khai, minh bạch 18 16.90"))
        #expect(draft.range(of: "huyện", options: .caseInsensitive) == nil, "no huyện in a commune's draft")
        #expect(pdf.range(of: "huyện", options: .caseInsensitive) == nil)
        #expect(pdf.contains("81.40/100") && pdf.contains("35/102"))
    }

    @Test func aCommuneMissingFromTheRankingIsAnErrorNotABlankSection() throws {
        let folder = try TestSupport.temporaryFolder("baocao-xa-thieu")
        defer { try? FileManager.default.removeItem(at: folder) }
        let profile = try Self.profile(
            ["--province", "Hà Nội", "--commune", "Hoàn Kiếm"], in: folder, named: "hoan-kiem.yaml")
        let run = try TestSupport.baocao(
            ["validate", Self.sample("xa-phu-tan-2025-09.xlsx"), "--profile", profile.path, "--format", "json"])
        #expect(run.status == 1, "\(run.stderr)")
        let outcome = try #require(try JSONSerialization.jsonObject(with: run.stdout) as? [String: Any])
        let rules = ((outcome["diagnostics"] as? [[String: Any]]) ?? []).compactMap { $0["rule"] as? String }
        #expect(rules.contains("ranking.own_missing"), "\(rules)")
        let converted = try TestSupport.baocao(
            [
                "convert", Self.sample("xa-phu-tan-2025-09.xlsx"), "--profile", profile.path, "-o",
                folder.appendingPathComponent("x.docx").path, "--store", folder.appendingPathComponent("h.sqlite").path,
            ])
        #expect(converted.status == 1)
        #expect(!FileManager.default.fileExists(atPath: folder.appendingPathComponent("x.docx").path))
    }

    @Test func unknownAndAmbiguousNamesSuggestTheNearest() throws {
        let folder = try TestSupport.temporaryFolder("baocao-profile")
        defer { try? FileManager.default.removeItem(at: folder) }
        let typo = try TestSupport.baocao(["profile", "new", "--province", "An Giag"])
        #expect(typo.status == 2)
        #expect(typo.stderr.contains("An Giang") && typo.stderr.contains("[profile.unknown_place]"), "\(typo.stderr)")
        let commune = try TestSupport.baocao(["profile", "new", "--province", "An Giang", "--commune", "Phú Tn"])
        #expect(commune.status == 2)
        #expect(commune.stderr.contains("Xã Phú Tân"), "\(commune.stderr)")
        // Without diacritics, two communes of Đồng Tháp answer to "Tan Thanh"; the marks decide.
        let ambiguous = try TestSupport.baocao(["profile", "new", "--province", "Đồng Tháp", "--commune", "Tan Thanh"])
        #expect(ambiguous.status == 2)
        #expect(ambiguous.stderr.contains("[profile.ambiguous_place]"), "\(ambiguous.stderr)")
        #expect(ambiguous.stderr.contains("Xã Tân Thành") && ambiguous.stderr.contains("Xã Tân Thạnh"))
        let exact = try TestSupport.baocao(["profile", "new", "--province", "Đồng Tháp", "--commune", "tân thạnh"])
        #expect(exact.status == 0, "\(exact.stderr)")
        #expect(exact.stdoutText.contains("commune: \"Xã Tân Thạnh\""))
        // Nothing is overwritten.
        let file = folder.appendingPathComponent("co-san.yaml")
        try Data("giữ nguyên\n".utf8).write(to: file)
        let again = try TestSupport.baocao(["profile", "new", "--province", "An Giang", "-o", file.path])
        #expect(again.status == 2)
        #expect(try String(contentsOf: file, encoding: .utf8) == "giữ nguyên\n")
    }

    @Test func profileCheckNamesTheLineOfEachProblem() throws {
        let folder = try TestSupport.temporaryFolder("baocao-profile-check")
        defer { try? FileManager.default.removeItem(at: folder) }
        let profile = try Self.profile(
            ["--province", "An Giang", "--commune", "Phú Tân"], in: folder, named: "xa.yaml")
        var yaml = try String(contentsOf: profile, encoding: .utf8)
        yaml = yaml.replacingOccurrences(of: "level: xa", with: "level: phuong")
        yaml = yaml.replacingOccurrences(of: "  title: \"CHÁNH VĂN PHÒNG\"", with: "  title: \"\"")
        try yaml.write(to: profile, atomically: true, encoding: .utf8)
        let lines = yaml.split(separator: "\n", omittingEmptySubsequences: false)
        let levelLine = lines.firstIndex { $0.hasPrefix("level:") }! + 1
        let titleLine = lines.firstIndex { $0.hasPrefix("  title:") }! + 1
        let run = try TestSupport.baocao(["profile", "check", profile.path])
        #expect(run.status == 1)
        #expect(run.stderr.contains("dòng \(levelLine): «level»"), "\(run.stderr)")
        #expect(run.stderr.contains("dòng \(titleLine): Mục «signer.title»"), "\(run.stderr)")
        // A file that is not YAML cannot be read (exit 2); the error names its line and column.
        try Data("office:\n  parent: \"UBND\n  name: x\n".utf8).write(to: profile)
        let broken = try TestSupport.baocao(["profile", "check", profile.path])
        #expect(broken.status == 2)
        #expect(broken.stderr.contains("dòng ") && broken.stderr.contains("[profile.syntax]"), "\(broken.stderr)")
        #expect(
            try TestSupport.baocao(["profile", "check", folder.appendingPathComponent("khong-co.yaml").path]).status
                == 2)
    }

    /// The official names of `province`'s communes, from the data `profile new` ships.
    static func communes(of province: String) throws -> [String] {
        let run = try TestSupport.baocao(["profile", "new", "--province", province])
        return run.stdoutText.split(separator: "\n").compactMap { line in
            line.firstMatch(of: #/^  - name: "([^"]+)"  # mã \d+$/#).map { String($0.1) }
        }
    }
}
