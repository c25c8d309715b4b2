"""The form-based instrument builder: form rows <-> a definition (validated by the JSON schema after).

``presets`` holds the ready-made response scales, ``build`` turns the builder's rows into a definition
(keeping what the form does not show from the version being edited), ``read`` does the reverse and says
when a definition uses features only the advanced (JSON) view can edit.
"""
