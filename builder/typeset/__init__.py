"""Typeset: the WeasyPrint boundary, the pinned fonts, fitting fixed boxes, the checks on the
laid-out pages, and the first-page thumbnail of each PDF."""
