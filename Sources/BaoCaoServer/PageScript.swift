/// The page's script, `/app.js` (an external file: the Content-Security-Policy allows no
/// inline script). It sends the session's CSRF token from the page's `<meta>` tag with every
/// upload.
enum PageScript {
    static let source = #"""
        "use strict";
        const groups = [["congKhai","Công khai"],["tienDo","Tiến độ"],["dvcTrucTuyen","DVC trực tuyến"],["thanhToan","Thanh toán"],["haiLong","Hài lòng"],["soHoa","Số hóa"]];
        const $ = (id) => document.getElementById(id);
        const text = (value) => document.createTextNode(value == null ? "" : String(value));
        function cell(tag, value, className) { const el = document.createElement(tag); el.appendChild(text(value)); if (className) el.className = className; return el; }
        function bandCell(band) { const td = document.createElement("td"); td.appendChild(cell("span", band, "band b-" + String(band).replace(/ /g, "-"))); return td; }
        function fmt(n) { return typeof n === "number" ? n.toFixed(2) : ""; }

        const token = document.querySelector('meta[name="csrf-token"]').content;
        let lastFile = null;

        async function upload(file, replace) {
          if (!file) return;
          lastFile = file;
          const status = $("status");
          status.className = "busy";
          status.textContent = "Đang kiểm tra và lập dự thảo cho " + file.name + "…";
          $("result").hidden = true;
          $("replace-box").hidden = true;
          const period = $("period-field").value;
          const query = "?filename=" + encodeURIComponent(file.name) + ($("force").checked ? "&force=1" : "")
            + (period ? "&period=" + encodeURIComponent(period) : "") + (replace ? "&replace=1" : "");
          try {
            const response = await fetch("/api/convert" + query, { method: "POST", body: file, headers: { "Content-Type": "application/octet-stream", "X-CSRF-Token": token } });
            const data = await response.json();
            status.className = "";
            if (response.status === 401) { location.reload(); return; }
            if (response.status === 200 || response.status === 422) { show(data); loadHistory(); }
            else if (response.status === 409) {
              status.textContent = data.summary;
              $("replace").textContent = "Thay thế tháng " + (data.recorded ? data.recorded.label : "đã ghi");
              $("replace-box").hidden = false;
            }
            else { status.textContent = data.summary || (data.failure && data.failure.message) || ("Lỗi " + response.status); }
          } catch (error) {
            status.className = "";
            status.textContent = "Không gửi được tệp: " + error.message;
          }
        }

        async function loadHistory() {
          const table = $("history");
          try {
            const response = await fetch("/api/history", { headers: { "Accept": "application/json" } });
            if (!response.ok) return;
            const data = await response.json();
            table.replaceChildren();
            const head = document.createElement("tr");
            for (const title of ["Kỳ báo cáo", "Tổng điểm", "Xếp loại", "Xếp hạng", "Người lập", "Thời điểm", "Dự thảo"]) head.appendChild(cell("th", title));
            table.appendChild(head);
            if (!data.months.length) {
              const tr = document.createElement("tr"); const td = cell("td", "Chưa có tháng nào được ghi."); td.colSpan = 7; tr.appendChild(td); table.appendChild(tr);
            }
            for (const month of data.months) {
              const tr = document.createElement("tr");
              tr.dataset.period = month.period;
              tr.appendChild(cell("td", month.label));
              tr.appendChild(cell("td", fmt(month.total)));
              tr.appendChild(month.band ? bandCell(month.band) : cell("td", "–"));
              tr.appendChild(cell("td", month.rank ? String(month.rank).padStart(2, "0") + "/" + month.of : "–"));
              tr.appendChild(cell("td", month.recordedBy || "–"));
              tr.appendChild(cell("td", new Date(month.recordedAt).toLocaleString("vi-VN")));
              const td = document.createElement("td");
              if (month.draft) { const a = cell("a", "Tải lại"); a.href = month.draft; a.setAttribute("download", ""); td.appendChild(a); }
              else td.appendChild(text("–"));
              tr.appendChild(td);
              table.appendChild(tr);
            }
          } catch (error) {
            table.replaceChildren(cell("caption", "Không tải được lịch sử: " + error.message));
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
        $("file").addEventListener("change", (event) => upload(event.target.files[0], false));
        $("replace").addEventListener("click", () => upload(lastFile, true));
        loadHistory();
        ["dragenter", "dragover"].forEach(type => drop.addEventListener(type, (event) => { event.preventDefault(); drop.classList.add("over"); }));
        ["dragleave", "drop"].forEach(type => drop.addEventListener(type, () => drop.classList.remove("over")));
        drop.addEventListener("drop", (event) => { event.preventDefault(); upload(event.dataTransfer.files[0], false); });
        """#
}
