"""The yardstick: a bare Flask app rendering 20 rows (and the same rows as JSON), served by the same gunicorn settings."""
from flask import Flask, jsonify, render_template
from jinja2 import DictLoader

app = Flask(__name__)
ROWS = [{"name": f"大连示例软件有限公司{i}", "summary": "软件和信息技术服务" * 3} for i in range(20)]
PAGE = """<!doctype html><html lang="zh-CN"><head><meta charset="utf-8"><title>bare</title></head>
<body><main><ul>{% for row in rows %}<li><a href="/x/{{ loop.index }}">{{ row.name }}</a>
<div>{{ row.summary }}</div></li>{% endfor %}</ul></main></body></html>"""
# A template loaded as the portal loads its own, compiled once: render_template_string would
# compile it on every request and make the yardstick slower than a bare app is.
app.jinja_env.loader = DictLoader({"page.html": PAGE})


@app.route("/")
def index():
    return render_template("page.html", rows=ROWS)


@app.route("/api")
def api():
    return jsonify({"items": ROWS, "total": len(ROWS), "page": 1, "pages": 1})
