"""The yardstick: a bare Flask app rendering 20 rows (and the same rows as JSON), served by the same gunicorn settings."""
from flask import Flask, jsonify, render_template_string

app = Flask(__name__)
ROWS = [{"name": f"大连示例软件有限公司{i}", "summary": "软件和信息技术服务" * 3} for i in range(20)]
PAGE = """<!doctype html><html lang="zh-CN"><head><meta charset="utf-8"><title>bare</title></head>
<body><main><ul>{% for row in rows %}<li><a href="/x/{{ loop.index }}">{{ row.name }}</a>
<div>{{ row.summary }}</div></li>{% endfor %}</ul></main></body></html>"""


@app.route("/")
def index():
    return render_template_string(PAGE, rows=ROWS)


@app.route("/api")
def api():
    return jsonify({"items": ROWS, "total": len(ROWS), "page": 1, "pages": 1})
