-- wrk script: POST /publish, each request a fresh handle (so every success is a 201 claim, not a
-- 409) carrying the same valid token. PEERLINK_TOKEN: the token; PEERLINK_RUN: a tag that keeps
-- handles unique across runs against the same store.
local token = os.getenv("PEERLINK_TOKEN") or error("PEERLINK_TOKEN is not set")
local run = os.getenv("PEERLINK_RUN") or "r"
local threads = 0
local counter = 0
local prefix = ""

function setup(thread)
  thread:set("tid", threads)
  threads = threads + 1
end

function init(args)
  prefix = run .. "-" .. tostring(tid) .. "-"
end

function request()
  counter = counter + 1
  local body = '{"username":"' .. prefix .. counter .. '","token":"' .. token .. '"}'
  return wrk.format("POST", "/publish", { ["Content-Type"] = "application/json" }, body)
end
