import Foundation

/// The drag-in page, served whole by the binary: no external resource, no CDN.
enum Page {
    static let favicon = Data(
        """
        <svg xmlns="http://www.w3.org/2000/svg" viewBox="0 0 64 64"><rect width="64" height="64" rx="12" fill="#b91c1c"/>\
        <path d="M18 14h20l10 10v26H18z" fill="#fff"/><path d="M38 14v10h10" fill="#fecaca"/>\
        <path d="M24 34h16M24 40h16M24 46h10" stroke="#b91c1c" stroke-width="3"/></svg>
        """.utf8)

    static let html = #"""
        <!doctype html>
        <html lang="vi">
        <head>
        <meta charset="utf-8">
        <meta name="viewport" content="width=device-width, initial-scale=1">
        <title>Lập dự thảo báo cáo Bộ chỉ số 766</title>
        <link rel="icon" href="/favicon.svg" type="image/svg+xml">
        <style>
          :root { --red: #b91c1c; --ink: #1f2937; --muted: #6b7280; --line: #e5e7eb; }
          * { box-sizing: border-box; }
          body { margin: 0; font: 16px/1.5 system-ui, "Segoe UI", Roboto, "Liberation Sans", sans-serif; color: var(--ink); background: #f8fafc; }
          header { background: var(--red); color: #fff; padding: 1rem 1.25rem; }
          header h1 { margin: 0; font-size: 1.25rem; }
          header p { margin: .25rem 0 0; opacity: .9; font-size: .95rem; }
          main { max-width: 64rem; margin: 0 auto; padding: 1rem; }
          #drop { display: block; border: 3px dashed #cbd5e1; border-radius: 1rem; background: #fff; padding: 2rem 1rem; text-align: center; cursor: pointer; }
          #drop:focus-within, #drop.over { border-color: var(--red); background: #fef2f2; outline: none; }
          #drop strong { display: block; font-size: 1.15rem; margin-bottom: .25rem; }
          #file { position: absolute; width: 1px; height: 1px; opacity: 0; }
          .force { display: block; margin: .75rem 0 0; color: var(--muted); }
          .hint { margin: .5rem 0 0; color: #92400e; }
          #period-field { font: inherit; margin-left: .25rem; }
          #status { margin: 1rem 0; font-weight: 600; min-height: 1.5em; }
          #status.busy::before { content: ""; display: inline-block; width: 1em; height: 1em; margin-right: .5em; vertical-align: -.15em; border: 3px solid #fecaca; border-top-color: var(--red); border-radius: 50%; animation: spin 1s linear infinite; }
          @keyframes spin { to { transform: rotate(360deg); } }
          .card { background: #fff; border: 1px solid var(--line); border-radius: .75rem; padding: 1rem; margin: 1rem 0; }
          .figures { display: flex; flex-wrap: wrap; gap: 1rem; }
          .figure { flex: 1 1 8rem; }
          .figure b { display: block; font-size: 1.6rem; }
          .downloads a { display: inline-block; margin: .25rem .5rem .25rem 0; padding: .6rem 1rem; border-radius: .5rem; background: var(--red); color: #fff; text-decoration: none; font-weight: 600; }
          .downloads a:focus { outline: 3px solid #fca5a5; }
          table { border-collapse: collapse; width: 100%; font-size: .92rem; }
          th, td { border: 1px solid var(--line); padding: .3rem .45rem; text-align: right; }
          th:nth-child(2), td:nth-child(2) { text-align: left; min-width: 11rem; }
          table { min-width: 40rem; }
          .scroll { overflow-x: auto; }
          .band { border-radius: .35rem; padding: 0 .35rem; white-space: nowrap; }
          .b-XUẤT-SẮC { background: #dcfce7; } .b-TỐT { background: #dbeafe; } .b-KHÁ { background: #fef9c3; }
          .b-TRUNG-BÌNH { background: #ffedd5; } .b-YẾU { background: #fee2e2; }
          #diagnostics li.error { color: #991b1b; } #diagnostics li.warning { color: #92400e; }
          code { background: #f1f5f9; padding: 0 .25rem; border-radius: .25rem; }
          svg text { font-size: 11px; fill: var(--ink); }
        </style>
        </head>
        <body>
        <header>
          <h1>Lập dự thảo báo cáo Bộ chỉ số phục vụ người dân, doanh nghiệp</h1>
          <p>Kéo thả tệp phụ lục điểm vào ô dưới đây: bảng tính Excel (.xlsx, .xls), LibreOffice (.ods), tệp CSV hoặc trang HTML xuất từ phần mềm một cửa; chương trình kiểm tra số liệu và lập dự thảo báo cáo để tải về.</p>
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
        </main>
        <script>
        "use strict";
        const groups = [["congKhai","Công khai"],["tienDo","Tiến độ"],["dvcTrucTuyen","DVC trực tuyến"],["thanhToan","Thanh toán"],["haiLong","Hài lòng"],["soHoa","Số hóa"]];
        const $ = (id) => document.getElementById(id);
        const text = (value) => document.createTextNode(value == null ? "" : String(value));
        function cell(tag, value, className) { const el = document.createElement(tag); el.appendChild(text(value)); if (className) el.className = className; return el; }
        function bandCell(band) { const td = document.createElement("td"); td.appendChild(cell("span", band, "band b-" + String(band).replace(/ /g, "-"))); return td; }
        function fmt(n) { return typeof n === "number" ? n.toFixed(2) : ""; }

        async function upload(file) {
          if (!file) return;
          const status = $("status");
          status.className = "busy";
          status.textContent = "Đang kiểm tra và lập dự thảo cho " + file.name + "…";
          $("result").hidden = true;
          const period = $("period-field").value;
          const query = "?filename=" + encodeURIComponent(file.name) + ($("force").checked ? "&force=1" : "")
            + (period ? "&period=" + encodeURIComponent(period) : "");
          try {
            const response = await fetch("/api/convert" + query, { method: "POST", body: file, headers: { "Content-Type": "application/octet-stream" } });
            const data = await response.json();
            status.className = "";
            if (response.status === 200 || response.status === 422) { show(data); }
            else { status.textContent = data.summary || (data.failure && data.failure.message) || ("Lỗi " + response.status); }
          } catch (error) {
            status.className = "";
            status.textContent = "Không gửi được tệp: " + error.message;
          }
        }

        function show(data) {
          $("status").textContent = data.summary;
          const asksPeriod = data.verdict === "needs_period";
          $("period-hint").hidden = !asksPeriod;
          if (asksPeriod) $("period-field").focus();
          $("period").textContent = data.period ? String(data.period.month).padStart(2, "0") + "/" + data.period.year : "chưa rõ";
          const d = data.district;
          $("total").textContent = d ? fmt(d.total) : "–";
          $("rank").textContent = d ? String(d.rank).padStart(2, "0") + "/" + d.of : "–";
          $("band").textContent = d ? d.band : "–";
          const downloads = $("downloads"); downloads.replaceChildren();
          for (const [kind, href] of [["docx", data.draft], ["pdf", data.pdf]]) {
            if (!href) continue;
            const a = cell("a", "Tải dự thảo " + kind.toUpperCase()); a.href = href; a.setAttribute("download", ""); downloads.appendChild(a);
          }
          for (const note of (data.warnings || []).concat(data.failure ? [data.failure.message] : [])) {
            downloads.appendChild(cell("p", note, "hint"));
          }
          const list = $("diagnostics"); list.replaceChildren();
          if (!data.diagnostics.length) list.appendChild(cell("li", "Không có lỗi."));
          for (const item of data.diagnostics) {
            const li = cell("li", "", item.severity);
            if (item.sheet) { li.appendChild(cell("code", "'" + item.sheet + "'" + (item.cell ? "!" + item.cell : ""))); li.appendChild(text(" ")); }
            li.appendChild(text((item.severity === "error" ? "Lỗi: " : "Cảnh báo: ") + item.message + " [" + item.rule + "]"));
            list.appendChild(li);
          }
          const table = $("units"); table.replaceChildren();
          const head = document.createElement("tr");
          for (const title of ["STT", "Đơn vị", ...groups.map(g => g[1]), "Tổng", "Xếp loại", "Hạng"]) head.appendChild(cell("th", title));
          table.appendChild(head);
          (data.rows || []).forEach((row, index) => {
            const tr = document.createElement("tr");
            tr.appendChild(cell("td", index + 1)); tr.appendChild(cell("td", row.name));
            for (const [key] of groups) tr.appendChild(cell("td", fmt(row.scores[key])));
            tr.appendChild(cell("td", fmt(row.total))); tr.appendChild(bandCell(row.band)); tr.appendChild(cell("td", row.rank));
            table.appendChild(tr);
          });
          chart(data.rows || []);
          $("result").hidden = false;
        }

        function chart(rows) {
          const ns = "http://www.w3.org/2000/svg", barHeight = 18, labelWidth = 290, width = 460;
          rows = [...rows].sort((a, b) => b.total - a.total);
          const svg = document.createElementNS(ns, "svg");
          svg.setAttribute("viewBox", "0 0 " + (labelWidth + width + 50) + " " + (rows.length * (barHeight + 4) + 4));
          svg.setAttribute("role", "img"); svg.setAttribute("aria-label", "Biểu đồ tổng điểm các đơn vị");
          svg.style.width = "100%"; svg.style.minWidth = "28rem";
          const colors = { "XUẤT SẮC": "#16a34a", "TỐT": "#2563eb", "KHÁ": "#ca8a04", "TRUNG BÌNH": "#ea580c", "YẾU": "#dc2626" };
          rows.forEach((row, index) => {
            const y = 4 + index * (barHeight + 4);
            const label = document.createElementNS(ns, "text"); label.setAttribute("x", labelWidth - 6); label.setAttribute("y", y + 13); label.setAttribute("text-anchor", "end");
            label.textContent = row.name.length > 44 ? row.name.slice(0, 42) + "…" : row.name; svg.appendChild(label);
            const bar = document.createElementNS(ns, "rect"); bar.setAttribute("x", labelWidth); bar.setAttribute("y", y);
            bar.setAttribute("width", Math.max(0, width * row.total / 100)); bar.setAttribute("height", barHeight); bar.setAttribute("fill", colors[row.band] || "#64748b"); svg.appendChild(bar);
            const value = document.createElementNS(ns, "text"); value.setAttribute("x", labelWidth + width * row.total / 100 + 4); value.setAttribute("y", y + 13); value.textContent = fmt(row.total); svg.appendChild(value);
          });
          $("chart").replaceChildren(svg);
        }

        const drop = $("drop");
        $("file").addEventListener("change", (event) => upload(event.target.files[0]));
        ["dragenter", "dragover"].forEach(type => drop.addEventListener(type, (event) => { event.preventDefault(); drop.classList.add("over"); }));
        ["dragleave", "drop"].forEach(type => drop.addEventListener(type, () => drop.classList.remove("over")));
        drop.addEventListener("drop", (event) => { event.preventDefault(); upload(event.dataTransfer.files[0]); });
        </script>
        </body>
        </html>
        """#
}
