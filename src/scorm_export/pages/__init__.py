"""SCO pages: Markdown lessons and the assessment, rendered into one sanitised HTML page."""

from scorm_export.pages.markdown import RenderedLesson, render_lesson, slugify
from scorm_export.pages.render import CSP, render_sco

__all__ = ["CSP", "RenderedLesson", "render_lesson", "render_sco", "slugify"]
