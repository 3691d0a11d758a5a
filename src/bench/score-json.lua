-- wrk script: POST a JSON body (from the BODY_FILE environment variable) to /score; every tenth request is
-- a bad one (invalid base64), so that error paths run in the mix too.
local f = assert(io.open(os.getenv("BODY_FILE"), "rb"))
local good = f:read("*a")
f:close()
local bad = '{"image": "not base64 at all!"}'
local n = 0
request = function()
  n = n + 1
  local body = (n % 10 == 0) and bad or good
  return wrk.format("POST", "/score", {["Content-Type"] = "application/json"}, body)
end
