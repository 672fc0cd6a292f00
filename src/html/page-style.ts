/**
 * The preview's only style sheet, inlined so the page makes no outside request. Colours
 * follow HubSpot's product UI: #33475b text, #ff7a59 accent, #cbd6e2 borders, #f5f8fa canvas.
 */
export const pageStyle = `
*,*::before,*::after{box-sizing:border-box}
html{-webkit-text-size-adjust:100%}
body{margin:0;background:#f5f8fa;color:#33475b;font:14px/1.5 "Lexend Deca","Avenir Next",Avenir,"Segoe UI","Helvetica Neue",Helvetica,Arial,sans-serif;-webkit-font-smoothing:antialiased}
a{color:#0073ae;text-decoration:none;font-weight:500}
a:hover,a:focus-visible{text-decoration:underline}
a:focus-visible{outline:2px solid #ff7a59;outline-offset:2px;border-radius:2px}
.topbar{background:#2d3e50;color:#fff;padding:12px 32px;display:flex;align-items:center;gap:12px}
.brand{font-size:16px;font-weight:600;letter-spacing:.01em}
.brand-mark{display:inline-block;width:10px;height:10px;border-radius:50%;background:#ff7a59;margin-right:8px}
.badge{background:rgba(255,255,255,.14);border-radius:3px;font-size:11px;font-weight:600;letter-spacing:.06em;text-transform:uppercase;padding:2px 8px}
main{max-width:1000px;margin:28px auto;padding:0 24px}
.panel{background:#fff;border:1px solid #dfe3eb;border-radius:6px;padding:24px 28px;margin-bottom:20px;box-shadow:0 1px 2px rgba(45,62,80,.06)}
h1{font-size:22px;line-height:1.3;font-weight:600;margin:0}
h2{font-size:15px;font-weight:600;margin:0 0 18px}
.meta{color:#516f90;font-size:13px;margin:4px 0 0}
.steps{list-style:none;display:flex;margin:0 0 20px;padding:0}
.step{flex:1;position:relative;text-align:center;color:#516f90;font-size:13px;padding:0 4px}
.step::before{content:"";position:absolute;top:14px;left:calc(-50% + 18px);right:calc(50% + 18px);height:2px;background:#cbd6e2}
.step:first-child::before{display:none}
.step .dot{display:flex;align-items:center;justify-content:center;width:30px;height:30px;margin:0 auto 8px;border-radius:50%;border:2px solid #cbd6e2;background:#fff;font-weight:600;font-size:13px}
.step.done{color:#33475b}
.step.done .dot{background:#0091ae;border-color:#0091ae;color:#fff}
.step.done::before,.step.current::before{background:#0091ae}
.step.current{color:#33475b;font-weight:600}
.step.skipped .dot{border-style:dashed;color:#7c98b6}
.step.current .dot{background:#ff7a59;border-color:#ff7a59;color:#fff;box-shadow:0 0 0 5px rgba(255,122,89,.22)}
.since{margin:0;padding:14px 16px;background:#f5f8fa;border-left:4px solid #ff7a59;border-radius:3px;font-size:15px}
.since strong{font-weight:600}
table{width:100%;border-collapse:collapse;font-size:13px}
th,td{text-align:left;vertical-align:top;padding:10px 12px;border-bottom:1px solid #dfe3eb}
thead th{background:#f5f8fa;color:#516f90;font-size:11px;font-weight:600;letter-spacing:.06em;text-transform:uppercase;border-top:1px solid #dfe3eb}
tbody th{font-weight:500;width:150px}
time{white-space:nowrap}
td.direction{width:120px}
tr.regression{background:#fdf1f1}
tr.regression th{box-shadow:inset 4px 0 0 #d93a3a}
.tag{display:inline-block;white-space:nowrap;border-radius:3px;padding:1px 8px;font-size:12px;font-weight:600;border:1px solid}
.tag-advance{color:#00756a;background:#e5f8f6;border-color:#7fded2}
.tag-regression{color:#b3161d;background:#fde8e8;border-color:#f2545b}
.observed{display:block;color:#516f90;font-size:11px;font-weight:400}
.skipped{display:block;color:#7c98b6;font-size:11px;font-style:italic}
.highest{margin:8px 0 0;color:#516f90;font-size:13px}
.health{margin:8px 0 0;font-size:14px}
.badge{display:inline-block;padding:1px 8px;border-radius:10px;font-size:12px;font-weight:600;margin-right:4px}
.badge.on_track{background:#e5f8f6;color:#00a38d}.badge.behind{background:#fef8f0;color:#b36b00}.badge.stuck{background:#fde8e9;color:#d94c53}
td.num{text-align:right}
.guidance{display:grid;grid-template-columns:repeat(auto-fit,minmax(180px,1fr));gap:12px 20px;margin:0}
.guidance h3{margin:0 0 4px;font-size:12px;color:#516f90;text-transform:uppercase;letter-spacing:.06em}
.guidance ul{margin:0;padding-left:18px;font-size:13px}
.evidence{list-style:none;margin:0;padding:0}
.evidence li+li{margin-top:2px}
.property{color:#516f90}
code{font-family:ui-monospace,"SFMono-Regular",Menlo,Consolas,"DejaVu Sans Mono",monospace;font-size:11.5px;background:#f5f8fa;border:1px solid #eaf0f6;border-radius:3px;padding:0 4px;word-break:break-all}
.empty{margin:0;color:#516f90}
.status{color:#c2502b;font-weight:600;font-size:12px;letter-spacing:.06em;text-transform:uppercase;margin:0 0 6px}
.message{margin:10px 0 0;font-size:15px}
footer{color:#516f90;font-size:12px;text-align:center;margin:8px 0 32px}
.visually-hidden{position:absolute;width:1px;height:1px;margin:-1px;overflow:hidden;clip:rect(0 0 0 0);white-space:nowrap}
@media (max-width:640px){.steps{flex-direction:column;gap:10px}.step{display:flex;align-items:center;gap:10px;text-align:left}.step .dot{margin:0}.step::before{display:none}table{font-size:12px}}
`;
