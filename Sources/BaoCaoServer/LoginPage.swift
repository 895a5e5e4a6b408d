/// The login form the page shows when accounts exist and the session has none: a plain
/// form (no script) that posts the name, the password and the session's CSRF token.
enum LoginPage {
    /// `message` is the refusal of the previous try (a wrong password, too many tries).
    static func html(token: String, message: String? = nil, name: String = "") -> String {
        let refusal = message.map {
            "<p id=\"login-error\" class=\"refusal\" role=\"alert\">\(HTMLText.escape($0))</p>"
        }
        return """
            \(Page.start(title: "Đăng nhập — Lập dự thảo báo cáo Bộ chỉ số 766"))
              <p>Đăng nhập bằng tài khoản cán bộ phụ trách đã được cấp để lập dự thảo.</p>
            </header>
            <main>
              <form class="card login" id="login" method="post" action="/login">
                <h2>Đăng nhập</h2>
                \(refusal ?? "")
                <input type="hidden" name="csrf" value="\(token)">
                <label for="name">Tên đăng nhập</label>
                <input id="name" name="name" autocomplete="username" required value="\(HTMLText.escape(name))">
                <label for="password">Mật khẩu</label>
                <input id="password" name="password" type="password" autocomplete="current-password" required>
                <button id="submit" type="submit">Đăng nhập</button>
              </form>
            </main>
            </body>
            </html>

            """
    }
}
