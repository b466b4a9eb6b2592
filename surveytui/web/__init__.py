"""`surveytui serve`: the questionnaire as plain HTML forms, answered on phones.

`app` holds the collection (who is answering, the rules of each step) and its ASGI app,
`pages` the templates, `fields` the web face of each kind of answer, `invitations` the
one-time links, and `server` the address, the socket and uvicorn. Imported only by
`serve`, so that the other commands never load the web stack.
"""
