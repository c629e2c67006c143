"""The look of HTML mail: one stylesheet, templates/email/mail.css, inlined into style attributes."""
from __future__ import annotations

import css_inline
from flask import current_app

#: Read through the app's template loader, so it sits beside the mail templates it styles.
STYLESHEET = "email/mail.css"


def inline_styles(html: str) -> str:
    """Copy the mail stylesheet's rules into each element's style attribute.

    Mail clients drop <style> blocks and <link>ed sheets, so every rule must travel on the element
    it styles; writing those attributes by hand in each template is what the stylesheet replaces.
    Attribute values (links, and the mailing's unsubscribe placeholder) come out as they went in.
    """
    environment = current_app.jinja_env
    css, _filename, _uptodate = environment.loader.get_source(environment, STYLESHEET)
    # Nothing is fetched: a mail is rendered from what the site holds, never from the network.
    inliner = css_inline.CSSInliner(extra_css=css, load_remote_stylesheets=False, keep_style_tags=False,
                                    keep_link_tags=False)
    return inliner.inline(html)
