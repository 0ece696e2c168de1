"""Office documents every domain writes, in one place per format.

- `docx_layout`: the Nghị định 30/2020/NĐ-CP Phụ lục I layout of an administrative document as
  .docx (header block, national motto, title, body, "Nơi nhận:", signing block, annex tables).
- `pdf`: HTML → PDF with WeasyPrint and the Liberation Serif fonts shipped in core/static/core/fonts,
  reading nothing but those fonts and data: URIs.
- `xlsx`: every workbook the system writes, its text cells never read as formulas.

Each module's public face is its `__all__`; callers import from the module itself.
"""
