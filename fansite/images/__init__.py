"""The image pipeline every content app uses (a building block: it imports no content app).

- `hardening`: every upload is checked, decoded, turned upright and re-encoded (`HardenedImageField`).
- `models.RenditionedImage`: the abstract model of a row with one picture, its focal point and the record
  of its renditions.
- `renditions`: WebP and JPEG renditions in three crops, made once and recorded on the row.
- `signals`: renditions are made after a save and files deleted with their row (connected in
  `fansite.apps`).
- `admin`: the focal-point picker and thumbnails for the admin.
- `uploads`: generated file names, so no visitor- or editor-supplied path reaches storage.
- `{% picture %}` (fansite/templatetags/images.py) prints a responsive <picture> from the record.
"""
