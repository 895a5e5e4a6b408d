import Foundation
import TestKit
import Testing

@testable import Report

/// Temporary folders: private to this user, and swept when their process is gone.
@Suite struct TemporaryFoldersTests {
    @Test func aFolderIsThisUsersOnlyAndNamesItsProcess() throws {
        let folder = try TemporaryFolders.make("test")
        defer { try? FileManager.default.removeItem(at: folder) }
        let attributes = try FileManager.default.attributesOfItem(atPath: folder.path)
        #expect((attributes[.posixPermissions] as? NSNumber)?.intValue == 0o700)
        #expect(TemporaryFolders.owner(of: folder.lastPathComponent) == ProcessInfo.processInfo.processIdentifier)
        #expect(TemporaryFolders.owner(of: "baocao-drafts-12-not-a-uuid") == nil)
        #expect(TemporaryFolders.owner(of: "other-drafts-12-\(UUID().uuidString)") == nil)
    }

    @Test func theSweepRemovesWhatEndedProcessesLeftAndNothingElse() throws {
        let root = try TestFiles.temporaryFolder("baocao-sweep")
        defer { try? FileManager.default.removeItem(at: root) }
        // A process that has ended: its id names no running process any more.
        let ended = Process()
        ended.executableURL = URL(fileURLWithPath: "/bin/true")
        try ended.run()
        ended.waitUntilExit()
        let gone = root.appendingPathComponent("baocao-drafts-\(ended.processIdentifier)-\(UUID().uuidString)")
        let mine = root.appendingPathComponent(
            "baocao-drafts-\(ProcessInfo.processInfo.processIdentifier)-\(UUID().uuidString)")
        let running = root.appendingPathComponent("baocao-office-1-\(UUID().uuidString)")  // init always runs
        let foreign = root.appendingPathComponent("phu-luc-\(ended.processIdentifier)-\(UUID().uuidString)")
        for folder in [gone, mine, running, foreign] {
            try FileManager.default.createDirectory(at: folder, withIntermediateDirectories: true)
            try Data("x".utf8).write(to: folder.appendingPathComponent("du-thao.docx"))
        }
        #expect(TemporaryFolders.sweep(in: root) == 1)
        #expect(!FileManager.default.fileExists(atPath: gone.path))
        for kept in [mine, running, foreign] { #expect(FileManager.default.fileExists(atPath: kept.path)) }
    }
}
