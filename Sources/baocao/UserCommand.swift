import ArgumentParser
import Foundation
import Report

#if canImport(Glibc)
    import Glibc
#endif

/// `baocao user add|remove|list`: the accounts of the page, kept in the history database
/// (a bcrypt hash of each password, never the password).
struct UserCommand: ParsableCommand {
    static let configuration = CommandConfiguration(
        commandName: "user",
        abstract: "Quản lý tài khoản đăng nhập trang lập dự thảo (lưu trong tệp lịch sử).",
        subcommands: [Add.self, Remove.self, List.self])

    /// The history database the accounts live in.
    struct StoreOption: ParsableArguments {
        @Option(help: "Tệp lịch sử (SQLite) của trang; mặc định trong thư mục dữ liệu của người dùng.")
        var store: String?

        func open() throws -> HistoryStore {
            do {
                return try HistoryStore(path: store ?? HistoryStore.defaultPath())
            } catch {
                throw failUnreadable(error)
            }
        }
    }

    /// `baocao user add NAME [--password-stdin]`.
    struct Add: ParsableCommand {
        static let configuration = CommandConfiguration(
            commandName: "add", abstract: "Thêm tài khoản; mật khẩu được hỏi hai lần (hoặc đọc từ stdin).")

        @Argument(help: "Tên đăng nhập (chữ, số, . _ -).")
        var name: String

        @Flag(name: .customLong("password-stdin"), help: "Đọc mật khẩu từ dòng đầu của đầu vào chuẩn.")
        var passwordStdin = false

        @OptionGroup var storeOption: StoreOption

        func run() throws {
            let password: String
            if passwordStdin {
                guard let line = readLine(strippingNewline: true), !line.isEmpty else {
                    FileHandleOutput.standardError("Lỗi: không đọc được mật khẩu từ đầu vào chuẩn.")
                    throw ExitCode(ExitStatus.unreadableOrUsage)
                }
                password = line
            } else {
                guard isatty(STDIN_FILENO) == 1 else {
                    FileHandleOutput.standardError(
                        "Lỗi: không có bàn phím để hỏi mật khẩu; dùng --password-stdin để đọc từ đầu vào chuẩn.")
                    throw ExitCode(ExitStatus.unreadableOrUsage)
                }
                let first = Self.askHidden("Mật khẩu cho \(name): ")
                let second = Self.askHidden("Nhập lại mật khẩu: ")
                guard first == second else {
                    FileHandleOutput.standardError("Lỗi: hai lần nhập mật khẩu không giống nhau.")
                    throw ExitCode(ExitStatus.unreadableOrUsage)
                }
                password = first
            }
            let store = try storeOption.open()
            do {
                try store.addAccount(name: name, password: password)
            } catch {
                throw failUnreadable(error)
            }
            print("Đã thêm tài khoản «\(name.precomposedStringWithCanonicalMapping)» vào \(store.path).")
        }

        /// Reads a line from the terminal without echoing it.
        static func askHidden(_ prompt: String) -> String {
            FileHandleOutput.standardErrorRaw(prompt)
            var saved = termios()
            tcgetattr(STDIN_FILENO, &saved)
            var quiet = saved
            quiet.c_lflag &= ~tcflag_t(ECHO)
            tcsetattr(STDIN_FILENO, TCSANOW, &quiet)
            defer {
                tcsetattr(STDIN_FILENO, TCSANOW, &saved)
                FileHandleOutput.standardErrorRaw("\n")
            }
            return readLine(strippingNewline: true) ?? ""
        }
    }

    /// `baocao user remove NAME`.
    struct Remove: ParsableCommand {
        static let configuration = CommandConfiguration(
            commandName: "remove", abstract: "Xóa tài khoản (các tháng đã lập vẫn ghi tên người lập).")

        @Argument(help: "Tên đăng nhập.")
        var name: String

        @OptionGroup var storeOption: StoreOption

        func run() throws {
            let store = try storeOption.open()
            do {
                try store.removeAccount(name: name)
            } catch {
                throw failUnreadable(error)
            }
            print("Đã xóa tài khoản «\(name.precomposedStringWithCanonicalMapping)».")
        }
    }

    /// `baocao user list`.
    struct List: ParsableCommand {
        static let configuration = CommandConfiguration(commandName: "list", abstract: "Liệt kê các tài khoản.")

        @OptionGroup var storeOption: StoreOption

        func run() throws {
            let store = try storeOption.open()
            let accounts: [Account]
            do {
                accounts = try store.accounts()
            } catch {
                throw failUnreadable(error)
            }
            if accounts.isEmpty {
                print("Chưa có tài khoản nào (trang mở không cần đăng nhập, chỉ trên máy này).")
            }
            for account in accounts { print("\(account.name)\t\(account.createdAt)") }
        }
    }
}
