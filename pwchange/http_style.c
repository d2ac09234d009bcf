/* SPDX-License-Identifier: BSD-2-Clause */
/*
 * http_style.c: the page's stylesheet, served from /style.css so that the
 * Content-Security-Policy can forbid inline styles. Plain, readable,
 * high-contrast, and usable from a phone.
 */
#include "http.h"

const char http_style_css[] =
        ":root{color-scheme:light;--fg:#1b1f24;--muted:#57606a;--line:#d0d7de;"
        "--accent:#0b5cad;--ok-bg:#e6f4ea;--ok-line:#2e7d32;--err-bg:#fdecea;"
        "--err-line:#c62828}\n"
        "*{box-sizing:border-box}\n"
        "body{margin:0;background:#f3f5f7;color:var(--fg);"
        "font:16px/1.5 system-ui,-apple-system,\"Segoe UI\",Roboto,\"DejaVu Sans\",sans-serif}\n"
        "main{max-width:30rem;margin:3rem auto;padding:2rem 2.25rem;background:#fff;"
        "border:1px solid var(--line);border-radius:10px;box-shadow:0 1px 3px rgba(0,0,0,.06)}\n"
        "h1{font-size:1.45rem;margin:0 0 1.25rem}\n"
        "h2{font-size:1rem;margin:0 0 .35rem}\n"
        ".field{margin:0 0 1rem}\n"
        "label{display:block;font-weight:600;margin:0 0 .3rem}\n"
        "input{width:100%;padding:.6rem .7rem;font:inherit;color:inherit;background:#fff;"
        "border:1px solid #8c959f;border-radius:6px}\n"
        "input:focus{outline:3px solid rgba(11,92,173,.35);border-color:var(--accent)}\n"
        ".rules{margin:1.25rem 0;padding:.75rem 1rem;background:#f6f8fa;"
        "border:1px solid var(--line);border-radius:6px;font-size:.93rem}\n"
        ".rules ul{margin:0;padding-left:1.2rem}\n"
        "button{width:100%;padding:.7rem 1rem;font:inherit;font-weight:600;color:#fff;"
        "background:var(--accent);border:0;border-radius:6px;cursor:pointer}\n"
        "button:hover{background:#094a8c}\n"
        "button:focus{outline:3px solid rgba(11,92,173,.45);outline-offset:2px}\n"
        ".notice{margin:0 0 1.25rem;padding:.75rem 1rem;border-radius:6px;border-left:5px solid}\n"
        ".notice p{margin:.2rem 0}\n"
        ".notice.ok{background:var(--ok-bg);border-color:var(--ok-line)}\n"
        ".notice.error{background:var(--err-bg);border-color:var(--err-line)}\n"
        ".note{color:var(--muted);font-size:.9rem;margin:1rem 0 0}\n"
        "a{color:var(--accent)}\n"
        ".lang ul{list-style:none;margin:0 0 .75rem;padding:0;display:flex;gap:1rem;"
        "justify-content:flex-end;font-size:.9rem}\n"
        ".lang [aria-current]{font-weight:600}\n"
        "@media (max-width:34rem){main{margin:0;border:0;border-radius:0;"
        "min-height:100vh;padding:1.5rem 1.25rem}}\n";
