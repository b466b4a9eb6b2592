"""`surveytui serve`: the questionnaire as plain HTML forms, answered on phones.

`app` holds the collection (who is answering, the rules of each step) and its ASGI app,
`pages` the templates, `fields` the web face of each kind of answer, `invitations` the
one-time links, and `server` the address, the socket and uvicorn. Imported only by
`serve` (and `invitations`, which needs no web stack, by `report` for the response rate of
the links), so that the other commands never load the web stack.
"""
