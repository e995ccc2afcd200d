"""The hostile corpus of the security tests (issue 10) and school files that carry it.

Payloads come from issue 10 itself, OWASP's XSS filter-evasion cheat sheet and Markdown's
own ways to make a link, a heading or raw HTML. `text_school` puts one into every one-line
field of a school (with every optional section on, so every value is printed somewhere);
`markdown_school` into every section's append or replace.
"""

from __future__ import annotations

import json

from policysite.inputs.schema import OPTIONS, POLICIES

# The two payloads of issue 10, as filed.
ISSUE_URL = "https://a.example/){:onclick=alert(1)}[Help](javascript:alert(document.cookie)"
ISSUE_APPEND = "1. First point\n\n       <img src=x onerror=alert(document.cookie)>"

# From OWASP's XSS filter-evasion cheat sheet and Markdown-specific tricks. Each is tried
# as one-line text (when it is one line), as a section's append and as its replace.
PAYLOADS = (
    "<script>alert(1)</script>",
    '"><script>alert(document.cookie)</script>',
    "'><img src=x onerror=alert(1)>",
    '" onmouseover="alert(1)',
    "' onmouseover='alert(1)",
    "<svg onload=alert(1)>",
    "<svg/onload=alert(1)>",
    "<IMG SRC=JaVaScRiPt:alert('XSS')>",
    "<IMG SRC=\"jav&#x09;ascript:alert('XSS');\">",
    '<a href="&#106;&#97;&#118;&#97;&#115;&#99;&#114;&#105;&#112;&#116;&#58;alert(1)">x</a>',
    '<a href="javascript&colon;alert(1)">x</a>',
    '<a href="https://a.example" onclick="alert(1)">x</a>',
    "<a href=//evil.example>x</a>",
    "<scr<script>ipt>alert(1)</script>",
    "<<script>alert(1);//<</script>",
    '<img """><script>alert(1)</script>">',
    "<style>body{background:url(javascript:alert(1))}</style>",
    '<div style="background-image:url(javascript:alert(1))">x</div>',
    '<iframe src="javascript:alert(1)"></iframe>',
    '<math><mi xlink:href="javascript:alert(1)">x</mi></math>',
    '<form action="javascript:alert(1)"><button formaction="javascript:alert(1)">x</button></form>',
    "<input autofocus onfocus=alert(1)>",
    "<details open ontoggle=alert(1)>x</details>",
    '<object data="javascript:alert(1)"></object>',
    '<base href="javascript:alert(1)//">',
    '<meta http-equiv="refresh" content="0;url=javascript:alert(1)">',
    "<!-- --!><img src=x onerror=alert(1)> -->",
    "<![CDATA[<script>alert(1)</script>]]>",
    "[x](javascript:alert(1))",
    "[x](JaVaScRiPt:alert(1))",
    "[x](javascript&#58;alert(1))",
    "[x](javascript&colon;alert(1))",
    "[x](&#106;avascript:alert(1))",
    "[x](jav&#x09;ascript:alert(1))",
    "[x](<javascript:alert(1)>)",
    "[x]( javascript:alert(1))",
    "[x](vbscript:msgbox(1))",
    "[x](data:text/html;base64,PHNjcmlwdD5hbGVydCgxKTwvc2NyaXB0Pg==)",
    "[x](//evil.example)",
    "[x](/\\evil.example)",
    "[x](https:javascript:alert(1))",
    "[x](https://good.example@evil.example)",
    "[x](tel:javascript:alert(1))",
    '[x](https://a.example "x\\" onmouseover=\\"alert(1)")',
    "[x](https://a.example 'x\" onmouseover=\"alert(1)')",
    '[x](https://a.example "<script>alert(1)</script>")',
    '[x](https://a.example "<img src=x onerror=alert(document.cookie)>")',
    "[x](https://a.example '&lt;img src=x onerror=alert(1)&gt;')",
    "[x](https://a.example/)[y](javascript:alert(1))",
    "[x](https://a.example/){:onclick=alert(1)}",
    "{: onclick=alert(1)}",
    'Text {: #overview onclick="alert(1)" }',
    "<javascript:alert(1)>",
    '<https://a.example/"onmouseover="alert(1)>',
    "![x](https://a.example/x.png)",
    "![x](javascript:alert(1))",
    "[![x](https://a.example/x.png)](javascript:alert(1))",
    "\\<script\\>alert(1)\\</script\\>",
    "&lt;img src=x onerror=alert(1)&gt;",
    "&#60;script&#62;alert(1)&#60;/script&#62;",
    "&#x3C;script&#x3E;alert(1)&#x3C;/script&#x3E;",
    "%3Cscript%3Ealert(1)%3C/script%3E",
    "`<script>alert(1)</script>`",
    "***<b onmouseover=alert(1)>x</b>***",
    "**_`<img src=x onerror=alert(1)>`_**",
    "javascript:alert(1)",
    "{{ 7*7 }} {% raw %}{{ config }}{% endraw %} {{ ''.__class__ }}",
    "### Overview {#overview}",
    "## Police and law",
    "# x",
    '<h2 id="police-and-law">Police and law</h2>',
    "1. First point",
    "St Mary's 😀 Ünïcode & Co",  # an emoji once cost a page its front matter (title, template)
    ISSUE_URL,
    # Multi-line: Markdown only.
    ISSUE_APPEND,
    "[x][r]\n\n[r]: javascript:alert(1)",
    '[x][r]\n\n[r]: https://a.example "t\\" onclick=\\"alert(1)"',
    '[x][r]\n\n[r]: https://a.example "<img src=x onerror=alert(1)>"',
    "| a | b |\n|---|---|\n| <img src=x onerror=alert(1)> | [x](javascript:alert(1)) |",
    "| a | b |\n|---|---|\n| &lt;img src=x onerror=alert(1)&gt; | `<script>` |",
    "```html\n<script>alert(1)</script>\n```",
    "    <script>alert(1)</script>",
    "- item\n\n  <img src=x onerror=alert(1)>",
    "> <script>alert(1)</script>",
    "<div>\n\n[x](javascript:alert(1))\n\n</div>",
    "Overview\n========",
    "### &lt;img src=x onerror=alert(1)&gt;",
    '### x" onmouseover="alert(1)',
)

# Values for the link fields (`website`, `linked_policies[].url`).
URL_PAYLOADS = (
    ISSUE_URL,
    "https://a.example/)[Help](https://evil.example/",
    "https://a.example/)",
    "https://a.example/a(b)c",
    "javascript:alert(1)",
    "JaVaScRiPt:alert(1)",
    "jav&#x09;ascript:alert(1)",
    "javascript&colon;alert(1)",
    "vbscript:msgbox(1)",
    "data:text/html,<script>alert(1)</script>",
    "data:text/html;base64,PHNjcmlwdD5hbGVydCgxKTwvc2NyaXB0Pg==",
    "//evil.example",
    "/\\evil.example",
    'https://a.example/"onmouseover="alert(1)',
    "https://a.example/'onmouseover='alert(1)",
    "https://a.example/<script>",
    "https://a.example/&quot;onmouseover=&quot;alert(1)",
    "https://a.example/&#41;[x](javascript:alert(1))",
    "https://good.example@evil.example",
    "https:javascript:alert(1)",
    "mailto:a@b.example?body=<script>",
    "mailto:a@b.example)[x](javascript:alert(1)",
    "tel:javascript:alert(1)",
    "tel:+44(0)1234",
    "https://a.example/#{:onclick=alert(1)}",
)

EMAIL_PAYLOADS = ('a@b.example"onmouseover="alert(1)', "a@b.example?body=<script>", "a(b)@c.example")


def yaml_value(value) -> str:
    """A scalar as YAML: JSON's double-quoted strings are YAML's, escapes and all."""
    return json.dumps(value, ensure_ascii=False)


def school_yaml(values: dict, indent: str = "") -> str:
    """Block-style YAML for nested dicts and lists of strings, every string quoted."""
    lines = []
    for key, value in values.items():
        if isinstance(value, dict):
            lines.append(f"{indent}{key}:")
            lines.append(school_yaml(value, indent + "  ").rstrip("\n"))
        elif isinstance(value, list):
            lines.append(f"{indent}{key}:")
            for item in value:
                if isinstance(item, dict):
                    first, *rest = school_yaml(item, indent + "    ").rstrip("\n").splitlines()
                    lines += [f"{indent}  - {first.strip()}", *rest]
                else:
                    lines.append(f"{indent}  - {yaml_value(item)}")
        else:
            lines.append(f"{indent}{key}: {value if isinstance(value, bool) else yaml_value(value)}")
    return "\n".join(lines) + "\n"


OPTIONS_ON = {option.name: True for option in OPTIONS.fields}


def text_school(text: str, url: str = "https://school.example/policies") -> dict:
    """A school whose every one-line text field holds `text`, with every optional section on
    (so every value and section is printed somewhere)."""
    return {
        "name": text,
        "short_name": text,
        "federation": text,
        "headteacher_name": text,
        "headteacher_title": text,
        "address": [text, text],
        "phone": text,
        "email": "office@school.example",
        "website": url,
        "aims": text,
        "values": [text, text],
        "parent_includes": text,
        "platforms": [text, text],
        "staff_code_applies_to": [text, text],
        "linked_policies": [{"policy": policy, "title": text, "url": url} for policy in POLICIES],
        "document_control": {
            "title": text,
            "reference": text,
            "lead": text,
            "reviewed_by": text,
            "approved_by": text,
            "approved_on": "2025-09-01",
            "review_on": "2099-09-01",
            "status": text,
            "department": text,
            "issued_to": text,
            "history": [{"version": text, "date": "2025-09-01", "summary": text, "by": text}],
        },
        "letter": {"date": "2025-09-01", "signed_by": text, "signer_role": text},
        "options": OPTIONS_ON,
    }


def markdown_school(markdown: str, how: str, section_ids: list[str]) -> dict:
    """A plain school whose every section gets `markdown` as its `how` (append or replace)."""
    school = text_school("Plain School")
    school["sections"] = {section_id: {how: markdown} for section_id in section_ids}
    return school
