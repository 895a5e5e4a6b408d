/// The page's style sheet, `/app.css` (an external file: the Content-Security-Policy allows
/// no inline style).
enum PageStyle {
    static let css = #"""
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
          .account { display: flex; flex-wrap: wrap; align-items: center; gap: .5rem; margin-top: .5rem; font-size: .95rem; }
          .account form { margin: 0; }
          .account button { font: inherit; padding: .35rem .8rem; border-radius: .5rem; border: 1px solid #fff; background: transparent; color: inherit; cursor: pointer; }
          .replace, .login button { font: inherit; padding: .45rem 1rem; border-radius: .5rem; border: 1px solid var(--red); background: var(--red); color: #fff; font-weight: 600; cursor: pointer; }
          #history td:first-child, #history th:first-child { text-align: left; }
          #history td:nth-child(2), #history th:nth-child(2) { text-align: right; min-width: 0; }
          #history a { color: var(--red); font-weight: 600; }
          .login { max-width: 24rem; }
          .login label { display: block; margin: .75rem 0 .25rem; font-weight: 600; }
          .login input { font: inherit; width: 100%; padding: .45rem .6rem; border: 1px solid #cbd5e1; border-radius: .5rem; }
          .login button { margin-top: 1rem; }
          .refusal { color: #991b1b; font-weight: 600; }
        """#
}
