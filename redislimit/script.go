package redislimit

import "github.com/redis/go-redis/v9"

// reserveScript is the GCRA reservation, run atomically by Redis.
//
// KEYS[1]: the bucket's hash (fields tat and pause, microseconds of
// Redis's clock). ARGV: interval µs, burst, most wait µs the caller
// accepts, idle TTL ms. It returns {1, wait µs} with the slot reserved, or
// {0, wait µs} when the slot comes after the most wait and nothing was
// reserved.
var reserveScript = redis.NewScript(`
local t = redis.call('TIME')
local now = tonumber(t[1]) * 1000000 + tonumber(t[2])
local interval = tonumber(ARGV[1])
local burst = tonumber(ARGV[2])
local most = tonumber(ARGV[3])
local ttl = tonumber(ARGV[4])
local st = redis.call('HMGET', KEYS[1], 'tat', 'pause')
local tat = tonumber(st[1]) or now
local pause = tonumber(st[2]) or 0
local start = math.max(now, tat - (burst - 1) * interval, pause)
local wait = start - now
if wait > most then
  return {0, wait}
end
local newtat = math.max(tat, start) + interval
redis.call('HSET', KEYS[1], 'tat', newtat)
redis.call('PEXPIRE', KEYS[1], math.ceil((newtat - now) / 1000) + ttl)
return {1, wait}
`)

// pauseScript records a 429: no slot before Redis's now plus ARGV[1] µs.
// ARGV[2] is the idle TTL in ms.
var pauseScript = redis.NewScript(`
local t = redis.call('TIME')
local now = tonumber(t[1]) * 1000000 + tonumber(t[2])
local untilT = now + tonumber(ARGV[1])
local pause = tonumber(redis.call('HGET', KEYS[1], 'pause')) or 0
if untilT > pause then
  redis.call('HSET', KEYS[1], 'pause', untilT)
  local left = redis.call('PTTL', KEYS[1])
  local need = math.ceil((untilT - now) / 1000) + tonumber(ARGV[2])
  if left < need then
    redis.call('PEXPIRE', KEYS[1], need)
  end
end
return 1
`)
