-- Every request asks for a URL no one asked for before (an extra, ignored query argument),
-- so no kept page answers it: the page is queried and rendered each time.
local counter = 0
local threads = 0

function setup(thread)
  threads = threads + 1
  thread:set("thread_id", threads)
end

function request()
  counter = counter + 1
  local separator = string.find(wrk.path, "?", 1, true) and "&" or "?"
  return wrk.format(nil, wrk.path .. separator .. "bench=" .. thread_id .. "-" .. counter)
end
