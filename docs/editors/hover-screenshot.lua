-- Opens plans/nonferrous-2025.plan with `ingot lsp` attached, puts the cursor on the `iva`
-- target and shows the hover; docs/editors/hover-screenshot.sh photographs the terminal.
local bin = os.getenv('INGOT_BIN')
vim.o.termguicolors = false
vim.o.number = true
vim.o.laststatus = 0
local buf = vim.api.nvim_get_current_buf()
local id = vim.lsp.start_client({ name = 'ingot', cmd = { bin, 'lsp' }, root_dir = vim.fn.getcwd() })
vim.lsp.buf_attach_client(buf, id)
vim.api.nvim_win_set_cursor(0, { 40, 12 })
vim.cmd('normal! zt')
vim.cmd('normal! 3\25') -- three lines of context above
vim.api.nvim_win_set_cursor(0, { 40, 12 })
vim.wait(10000, function() return #vim.diagnostic.get(buf) > 0 end, 50)
vim.defer_fn(function() vim.lsp.buf.hover() end, 300)
