-- wrk script: POST one image file to /score as raw bytes. The file is given by the IMAGE environment variable.
local f = assert(io.open(os.getenv("IMAGE"), "rb"))
wrk.method = "POST"
wrk.body = f:read("*a")
f:close()
wrk.headers["Content-Type"] = os.getenv("CONTENT_TYPE") or "image/png"
