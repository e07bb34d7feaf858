-- The language server driven by a real client: headless Neovim (0.7+, vim.lsp.start_client)
-- runs `ingot lsp` on a copy of the sample plans with a planted mistake and checks, with exact
-- expected strings, diagnostics, hover, go to definition, a code action and formatting.
-- Run by tests/editors/nvim_lsp_test.sh, which makes the copy and sets:
--   INGOT_BIN   the ingot program
--   PLANS       the copy of plans/ (nonferrous-2025.plan has `79.19 Mtt` and a misindented line)
--   EXPECTED    the original nonferrous-2025.plan: what the fix and formatting must give back
local bin, plans, expected_path = os.getenv('INGOT_BIN'), os.getenv('PLANS'), os.getenv('EXPECTED')
local failures = 0

local function log(...)
  io.stdout:write(table.concat({ ... }, ' ') .. '\n')
end

local function check(ok, what, detail)
  if ok then
    log('ok   ' .. what)
  else
    failures = failures + 1
    log('FAIL ' .. what .. (detail and (': ' .. detail) or ''))
  end
end

local function finish()
  log(failures == 0 and 'nvim_lsp_test: all passed' or ('nvim_lsp_test: ' .. failures .. ' failed'))
  os.exit(failures == 0 and 0 or 1)
end

-- Watchdog: whatever hangs, the test ends (the shell wrapper has its own timeout too).
vim.defer_fn(function()
  check(false, 'watchdog', 'the test did not finish within 90 s')
  finish()
end, 90000)

local exit_code
local client

local function run()
  local file = plans .. '/nonferrous-2025.plan'
  vim.cmd('edit ' .. vim.fn.fnameescape(file))
  local buf = vim.api.nvim_get_current_buf()
  local client_id = vim.lsp.start_client({
    name = 'ingot',
    cmd = { bin, 'lsp' },
    root_dir = plans,
    on_exit = function(code) exit_code = code end,
  })
  if not client_id then
    error('start_client failed')
  end
  vim.lsp.buf_attach_client(buf, client_id)
  client = vim.lsp.get_client_by_id(client_id)

  local function buffer_text(b)
    return table.concat(vim.api.nvim_buf_get_lines(b or buf, 0, -1, false), '\n') .. '\n'
  end

  local function find_diagnostic(pattern)
    for _, d in ipairs(vim.diagnostic.get(buf)) do
      if d.message:find(pattern, 1, true) then
        return d
      end
    end
  end

  -- 1. Diagnostics for the planted misspelt unit (line 36: `baseline output(metals) 2024 = 79.19 Mtt`).
  vim.wait(20000, function() return find_diagnostic('unknown unit `Mtt`') ~= nil end, 50)
  local planted = find_diagnostic('unknown unit `Mtt`')
  check(planted ~= nil, 'diagnostic for the misspelt unit arrives')
  if planted then
    check(planted.message == 'unknown unit `Mtt`; did you mean `Mt`? `Mt` is 10⁶ t\nnot a unit Ingot knows\nhelp: see docs/checks.md for the units Ingot knows',
      'diagnostic message', planted.message)
    check(planted.lnum == 35 and planted.col == 39 and planted.end_col == 42, 'diagnostic range',
      string.format('%d:%d-%d', planted.lnum, planted.col, planted.end_col))
    check(planted.severity == vim.diagnostic.severity.ERROR, 'diagnostic severity')
  end

  local function position(line, character)
    return { textDocument = { uri = vim.uri_from_bufnr(buf) }, position = { line = line, character = character } }
  end

  -- 2. Hover on the value-added target `iva` (line 40): the implied unit value growth.
  local hover = client.request_sync('textDocument/hover', position(39, 12), 10000, buf)
  local hover_text = hover and hover.result and hover.result.contents.value or ''
  check(hover_text:find('**target iva**: value_added', 1, true) == 1, 'hover names the target', hover_text:sub(1, 80))
  check(hover_text:find('- info[implied]: `unit_value` must grow 3.45 %/yr (2.8 … 4.09 %/yr) for the figures to hold', 1, true) ~= nil,
    'hover shows the implied 3.45 %/yr', hover_text)

  -- 3. Go to definition of `recycled_output` (line 47) lands on its declaration in rules/analyst.rules.
  local definition = client.request_sync('textDocument/definition', position(46, 22), 10000, buf)
  local location = definition and definition.result
  check(location ~= nil and location.uri == vim.uri_from_fname(plans .. '/rules/analyst.rules'),
    'definition is in rules/analyst.rules', location and location.uri)
  if location then
    vim.lsp.util.jump_to_location(location, 'utf-16')
    local here = vim.api.nvim_win_get_cursor(0)
    check(vim.api.nvim_buf_get_name(0) == plans .. '/rules/analyst.rules' and here[1] == 6 and here[2] == 7,
      'the cursor lands on `metric recycled_output`', vim.api.nvim_buf_get_name(0) .. ':' .. here[1] .. ':' .. here[2])
    check(vim.api.nvim_get_current_line():find('^metric recycled_output') ~= nil, 'the line there declares it',
      vim.api.nvim_get_current_line())
    vim.cmd('buffer ' .. buf)
  end

  -- 4. A code action fixes the misspelt unit.
  local actions = client.request_sync('textDocument/codeAction', {
    textDocument = { uri = vim.uri_from_bufnr(buf) },
    range = { start = { line = 35, character = 39 }, ['end'] = { line = 35, character = 39 } },
    context = { diagnostics = {} },
  }, 10000, buf)
  local fix
  for _, action in ipairs(actions and actions.result or {}) do
    if action.title == 'replace `Mtt` with `Mt`' then
      fix = action
    end
  end
  check(fix ~= nil, 'code action `replace `Mtt` with `Mt`` is offered')
  if fix then
    vim.lsp.util.apply_workspace_edit(fix.edit, 'utf-16')
    check(vim.api.nvim_buf_get_lines(buf, 35, 36, false)[1]:find('= 79.19 Mt  [INT_NF', 1, true) ~= nil,
      'the unit is fixed in the buffer', vim.api.nvim_buf_get_lines(buf, 35, 36, false)[1])
    vim.wait(10000, function() return find_diagnostic('Mtt') == nil end, 50)
    check(find_diagnostic('Mtt') == nil, 'the diagnostic goes away after the change')
  end

  -- 5. Formatting returns the formatter's text: with the unit fixed, the original file.
  local formatting = client.request_sync('textDocument/formatting', {
    textDocument = { uri = vim.uri_from_bufnr(buf) }, options = { tabSize = 2, insertSpaces = true },
  }, 10000, buf)
  local edits = formatting and formatting.result
  check(edits ~= nil and #edits == 1, 'formatting gives one edit')
  if edits then
    vim.lsp.util.apply_text_edits(edits, buf, 'utf-16')
    local f = io.open(expected_path, 'rb')
    local expected = f:read('*a')
    f:close()
    check(buffer_text() == expected, 'the formatted buffer is the original plan')
  end

end

local ok, err = pcall(run)
check(ok, 'the test script ran to its end', tostring(err))
if not client then
  finish()
end

-- 6. Shutdown and exit: the server exits 0.
client.stop()
vim.wait(10000, function() return exit_code ~= nil end, 50)
check(exit_code == 0, 'the server exits 0 after shutdown', tostring(exit_code))
finish()
