"""The analysts' web UI: server-rendered pages over the API's services, in ru, kk and en."""
