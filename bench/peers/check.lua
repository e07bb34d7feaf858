-- The Lua 5.4 peer: check the Lua form of a benchmark corpus as `ingot check` checks the Ingot form.
--
--   lua5.4 check.lua DIR/lua
--
-- Each plan is a chunk returning a table constructor; it is compiled and run (loadfile), which is
-- Lua's parser at work. index.lua lists the chunks (Lua has no directory listing), bench.lua holds
-- the rulebook's metrics and the units. For each plan the checks compute the implied growth
-- figures (the yearly rate a level target implies over its baseline; value added per tonne through
-- the identity value_added = output * unit_value) and the findings, and the summary of
-- bench/README.md is printed: plans, targets, findings, and a count per check id. The logic is
-- that of check.py, function for function.

local INF = math.huge
local RATE_UNITS = { ["%/yr"] = true, ["% y/y"] = true }

local function load_chunk(path)
  local chunk, err = loadfile(path, "t", {})
  if not chunk then
    io.stderr:write("check.lua: ", err, "\n")
    os.exit(2)
  end
  return chunk()
end

-- The range a figure allows: its written precision, widened by `about` % for `~`, or a bound.
local function interval(fig, about)
  local v, cmp = fig.value, fig.cmp
  local half = 0.5 * 10.0 ^ -fig.decimals
  if cmp == "<=" or cmp == "<" then return -INF, v end
  if cmp == ">=" or cmp == ">" then return v, INF end
  if cmp == "=" then return v, v end
  if cmp == "~" then half = math.max(half, math.abs(v) * about / 100) end
  return v - half, v + half
end

local function yearly(cumulative_pct, n)
  if cumulative_pct == INF or cumulative_pct == -INF then return cumulative_pct end
  return ((1 + cumulative_pct / 100) ^ (1 / n) - 1) * 100
end

local function implied_rate(level, baseline, years)
  if level == INF or baseline <= 0 then return INF end
  if level == -INF or level <= 0 then return -1.0 end
  return (level / baseline) ^ (1 / years) - 1
end

local Checker = {}
Checker.__index = Checker

function Checker.new(rulebook)
  return setmetatable({ metrics = rulebook.metrics, units = rulebook.units, about = rulebook.about,
                        counts = {}, plans = 0, targets = 0, series = {}, series_order = {} },
                      Checker)
end

function Checker:find(id)
  self.counts[id] = (self.counts[id] or 0) + 1
end

-- The unit checks of one figure; true when it can enter the derivation.
function Checker:unit_ok(metric, fig, verb)
  local unit = fig.unit
  local dim = self.metrics[metric].dimension
  if RATE_UNITS[unit] then
    if verb == "reaches" or verb == "stays" or verb == "baseline" then
      self:find("rate-vs-level")
      return false
    end
    return true
  end
  if unit == "%" and (verb == "grows" or verb == "falls") then return true end
  if self.units[unit].dimension ~= dim then
    self:find("unit-mismatch")
    return false
  end
  if verb == "grows" or verb == "falls" then
    self:find("rate-vs-level")
    return false
  end
  return true
end

function Checker:check_plan(plan)
  self.plans = self.plans + 1
  local first, last = plan.period[1], plan.period[2]
  local base = first - 1
  local cited = {}
  local function cite(cites)
    for _, c in ipairs(cites) do cited[c.source] = true end
  end
  cite(plan.issuer_cites)
  for _, s in ipairs(plan.scopes) do
    cite(s.cites)
    if s.of ~= nil and #s.items ~= s.of then self:find("scope-count") end
  end
  local targets = {}
  for _, t in ipairs(plan.targets) do targets[#targets + 1] = t end
  for _, fo in ipairs(plan.focuses) do
    for _, t in ipairs(fo.targets) do targets[#targets + 1] = t end
    cite(fo.cites)
    for _, n in ipairs(fo.notes) do cite(n.cites) end
    if #fo.targets == 0 and #fo.initiatives == 0 then self:find("empty-focus") end
  end
  for _, n in ipairs(plan.notes) do cite(n.cites) end
  for _, b in ipairs(plan.baselines) do
    cite(b.cites)
    if #b.cites == 0 then self:find("uncited") end
  end
  for _, t in ipairs(targets) do
    cite(t.cites)
    if #t.cites == 0 then self:find("uncited") end
  end
  for _, s in ipairs(plan.sources) do
    if not cited[s.id] then self:find("unused-source") end
  end
  self.targets = self.targets + #targets

  -- units and derivation, per metric
  local levels, rates, metrics, order = {}, {}, {}, {}
  local function touch(m)
    if not metrics[m] then metrics[m] = true; order[#order + 1] = m end
  end
  for _, b in ipairs(plan.baselines) do
    if self:unit_ok(b.metric, b, "baseline") then
      levels[b.metric] = levels[b.metric] or {}
      table.insert(levels[b.metric], { year = b.year, fig = b, kind = "baseline" })
      touch(b.metric)
    end
  end
  local n = last - base
  for _, t in ipairs(targets) do
    local m = t.metric
    for _, c in ipairs(t.clauses) do
      local verb = c.verb
      if verb == "reaches" and c.by ~= nil and (c.by < first or c.by > last) then
        self:find("outside-period")
      elseif self:unit_ok(m, c, verb) then
        if verb == "grows" or verb == "falls" then
          local lo, hi = interval(c, self.about)
          local nom = c.value
          if verb == "falls" then lo, hi, nom = -hi, -lo, -nom end
          if c.unit == "%" then lo, hi, nom = yearly(lo, n), yearly(hi, n), yearly(nom, n) end
          rates[m] = rates[m] or {}
          table.insert(rates[m], { lo / 100, hi / 100, nom / 100 })
          touch(m)
        elseif verb == "reaches" then
          levels[m] = levels[m] or {}
          table.insert(levels[m], { year = c.by or last, fig = c, kind = "target" })
          touch(m)
        end
        -- `stays` bounds: no baseline is ever given with them, so they constrain nothing
      end
    end
  end
  local growth = {}
  for _, m in ipairs(order) do
    local lo, hi, nom = -INF, INF, nil
    for _, r in ipairs(rates[m] or {}) do
      lo, hi = math.max(lo, r[1]), math.min(hi, r[2])
      if nom == nil then nom = r[3] end
    end
    local basefig
    for _, l in ipairs(levels[m] or {}) do
      if l.kind == "baseline" and l.year == base and not basefig then basefig = l.fig end
    end
    if basefig then
      local bscale = self.units[basefig.unit].scale
      local blo, bhi = interval(basefig, self.about)
      blo, bhi = blo * bscale, bhi * bscale
      for _, l in ipairs(levels[m]) do
        if l.kind == "target" then
          local f = l.fig
          local scale = self.units[f.unit].scale
          local llo, lhi = interval(f, self.about)
          llo, lhi = llo * scale, lhi * scale
          local years = l.year - base
          lo = math.max(lo, implied_rate(llo, bhi, years))
          hi = math.min(hi, implied_rate(lhi, blo, years))
          if nom == nil then
            nom = (f.value * scale / (basefig.value * bscale)) ^ (1 / years) - 1
          end
        end
      end
    end
    if lo > hi then
      self:find("contradiction")
    elseif nom ~= nil then
      growth[m] = nom
    end
  end

  -- the rulebook's rules
  local g_out, g_va = growth.output, growth.value_added
  if g_out ~= nil and g_out < 0.005 then self:find("output_stall") end
  if g_out ~= nil and g_va ~= nil and (1 + g_va) / (1 + g_out) - 1 < 0 then
    self:find("unit_value_falls")
  end
  local has_va = false
  for _, t in ipairs(targets) do
    if t.metric == "value_added" then has_va = true; break end
  end
  if not self.series[plan.series] then
    self.series[plan.series] = {}
    self.series_order[#self.series_order + 1] = plan.series
  end
  table.insert(self.series[plan.series], has_va)
end

function Checker:finish()
  for _, s in ipairs(self.series_order) do
    for _, has in ipairs(self.series[s]) do
      if not has then self:find("series_value_added") end
    end
  end
end

function Checker:summary()
  local total, ids = 0, {}
  for id, n in pairs(self.counts) do
    total = total + n
    ids[#ids + 1] = id
  end
  table.sort(ids, function(a, b)
    if self.counts[a] ~= self.counts[b] then return self.counts[a] > self.counts[b] end
    return a < b
  end)
  local out = { ("plans %d"):format(self.plans), ("targets %d"):format(self.targets),
                ("findings %d"):format(total) }
  for _, id in ipairs(ids) do out[#out + 1] = ("%d %s"):format(self.counts[id], id) end
  return table.concat(out, "\n") .. "\n"
end

local root = arg[1]
if not root or arg[2] then
  io.stderr:write("usage: lua5.4 check.lua DIR/lua\n")
  os.exit(2)
end
local checker = Checker.new(load_chunk(root .. "/bench.lua"))
for _, path in ipairs(load_chunk(root .. "/index.lua")) do
  checker:check_plan(load_chunk(root .. "/" .. path))
end
checker:finish()
io.write(checker:summary())
