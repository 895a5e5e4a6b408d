import Foundation

/// The drag-in page, served whole by the binary: no external resource, no CDN, no inline
/// script (the Content-Security-Policy allows only `/app.js` and `/app.css`).
enum Page {
    static let favicon = Data(
        """
        <svg xmlns="http://www.w3.org/2000/svg" viewBox="0 0 64 64"><rect width="64" height="64" rx="12" fill="#b91c1c"/>\
        <path d="M18 14h20l10 10v26H18z" fill="#fff"/><path d="M38 14v10h10" fill="#fecaca"/>\
        <path d="M24 34h16M24 40h16M24 46h10" stroke="#b91c1c" stroke-width="3"/></svg>
        """.utf8)

    /// The start every page of the server shares, up to the header's title: language,
    /// charset, viewport, `title`, the icon and the style sheet, with `head` (a page's own
    /// `<meta>`) in the head.
    static func start(title: String, head: String = "") -> String {
        """
        <!doctype html>
        <html lang="vi">
        <head>
        <meta charset="utf-8">
        <meta name="viewport" content="width=device-width, initial-scale=1">
        <title>\(title)</title>\(head.isEmpty ? "" : "\n" + head)
        <link rel="icon" href="/favicon.svg" type="image/svg+xml">
        <link rel="stylesheet" href="/app.css">
        </head>
        <body>
        <header>
          <h1>Lập dự thảo báo cáo Bộ chỉ số phục vụ người dân, doanh nghiệp</h1>
        """
    }

    /// The page for a session: its CSRF token in a `<meta>` tag that `/app.js` sends back,
    /// and, when accounts exist, who is logged in with the logout button.
    static func html(token: String, account: String?) -> String {
        let accountBar =
            account.map {
                """
                <div class="account">Đang đăng nhập: <b id="account">\(HTMLText.escape($0))</b>\
                <form method="post" action="/logout"><input type="hidden" name="csrf" value="\(token)">\
                <button id="logout" type="submit">Đăng xuất</button></form></div>
                """
            } ?? ""
        return """
            \(Self.start(title: "Lập dự thảo báo cáo Bộ chỉ số 766", head: "<meta name=\"csrf-token\" content=\"\(token)\">"))
              <p>Kéo thả tệp phụ lục điểm vào ô dưới đây: bảng tính Excel (.xlsx, .xls), LibreOffice (.ods), tệp CSV hoặc trang HTML xuất từ phần mềm một cửa; chương trình kiểm tra số liệu và lập dự thảo báo cáo để tải về.</p>
            \(accountBar)
            </header>
            <main>
              <label id="drop" for="file">
                <strong>Thả tệp phụ lục vào đây</strong>
                hoặc bấm để chọn tệp trên máy
                <input id="file" type="file" accept=".xlsx,.xlsm,.xls,.ods,.csv,.tsv,.txt,.html,.htm,.xml" aria-describedby="status">
              </label>
              <label class="force"><input id="force" type="checkbox"> Vẫn lập dự thảo khi số liệu có lỗi (dự thảo sẽ ghi rõ cảnh báo)</label>
              <label class="force" for="period-field">Kỳ báo cáo (chỉ cần khi tên tệp và tiêu đề bảng không ghi tháng):
                <input id="period-field" type="month" min="2000-01" max="2100-12" aria-describedby="period-hint"></label>
              <div id="period-hint" class="hint" hidden>Chọn tháng của báo cáo ở ô «Kỳ báo cáo» rồi thả lại tệp.</div>
              <div id="status" role="status" aria-live="polite"></div>
              <div id="replace-box" hidden><button id="replace" class="replace" type="button">Thay thế tháng đã ghi</button></div>
              <div id="result" hidden>
                <section class="card">
                  <div class="figures">
                    <div class="figure">Kỳ báo cáo<b id="period">–</b></div>
                    <div class="figure">Tổng điểm<b id="total">–</b></div>
                    <div class="figure">Xếp hạng<b id="rank">–</b></div>
                    <div class="figure">Xếp loại<b id="band">–</b></div>
                  </div>
                  <div class="downloads" id="downloads"></div>
                </section>
                <section class="card">
                  <h2>Lỗi và cảnh báo</h2>
                  <ul id="diagnostics"></ul>
                </section>
                <section class="card">
                  <h2>Điểm của các đơn vị</h2>
                  <div id="chart" class="scroll"></div>
                  <div class="scroll"><table id="units"></table></div>
                </section>
              </div>
              <section class="card" id="history-card">
                <h2>Lịch sử các tháng</h2>
                <div class="scroll"><table id="history"></table></div>
              </section>
            </main>
            <script src="/app.js"></script>
            </body>
            </html>
            """
    }
}

/// Text put into HTML.
enum HTMLText {
    static func escape(_ text: String) -> String {
        var escaped = ""
        for character in text {
            switch character {
            case "&": escaped += "&amp;"
            case "<": escaped += "&lt;"
            case ">": escaped += "&gt;"
            case "\"": escaped += "&quot;"
            case "'": escaped += "&#39;"
            default: escaped.append(character)
            }
        }
        return escaped
    }
}
