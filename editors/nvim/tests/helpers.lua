-- Shared by the scenarios, which tests/test_nvim.py runs as `nvim --headless --clean -u NONE -l SCENARIO.lua`.
-- Environment: BITE_PYTHON (a Python with bite installed), BITE_FILE (a copy of examples/primes_py/slow.py in a
-- folder with its inputs/ and outputs/), BITE_REPLIES (the scripted backend's replies file).
local H = {}

local here = vim.fs.dirname(debug.getinfo(1, 'S').source:sub(2))
vim.opt.runtimepath:prepend(vim.fs.dirname(here)) -- editors/nvim: the plugin

H.notes = {} -- every vim.notify message, in order
H.progress = {} -- every LspProgress value, with its token, in order
H.choices = {} -- the items of each vim.ui.select call

local started = vim.uv.hrtime()
local function log(message)
  io.stdout:write(('[%6.2fs] %s\n'):format((vim.uv.hrtime() - started) / 1e9, message))
  io.stdout:flush()
end
H.log = log

vim.notify = function(message, level)
  table.insert(H.notes, message)
  log(('notify(%s): %s'):format(level or '-', message))
end

vim.api.nvim_create_autocmd('LspProgress', {
  callback = function(ev)
    table.insert(H.progress, vim.tbl_extend('force', { token = ev.data.params.token }, ev.data.params.value))
  end,
})

-- The picker takes the item H.choose picks (the first: the fastest rewrite), as a user pressing <CR> would.
H.choose = function(items)
  return 1
end
vim.ui.select = function(items, opts, on_choice)
  table.insert(H.choices, items)
  local i = H.choose(items)
  log(('ui.select %q: %d item(s), picked %s'):format(opts.prompt or '', #items, i))
  on_choice(items[i], i)
end

function H.env(name)
  local value = os.getenv(name)
  assert(value and value ~= '', 'environment variable ' .. name .. ' is not set')
  return value
end

function H.fail(message)
  error(message, 2)
end

function H.check(condition, message)
  if not condition then
    error('check failed: ' .. message, 2)
  end
end

-- Waits for `condition` (checked every 20 ms while Neovim keeps serving the server's messages).
function H.wait(what, condition, timeout_ms)
  log('waiting: ' .. what)
  if not vim.wait(timeout_ms or 60000, condition, 20) then
    error('timed out waiting: ' .. what, 2)
  end
end

function H.text(buf)
  return table.concat(vim.api.nvim_buf_get_lines(buf or 0, 0, -1, false), '\n')
end

function H.noted(pattern)
  for _, note in ipairs(H.notes) do
    if note:find(pattern) then
      return note
    end
  end
end

function H.count(pattern)
  return #vim.tbl_filter(function(note)
    return note:find(pattern) ~= nil
  end, H.notes)
end

-- The first progress value of `kind` whose message (or title) matches, after the `from`th value.
function H.progress_with(kind, pattern, from)
  for i = (from or 0) + 1, #H.progress do
    local value = H.progress[i]
    if value.kind == kind and (not pattern or (value.message or value.title or ''):find(pattern)) then
      return value
    end
  end
end

local configuration = vim.lsp.handlers['workspace/configuration']
local configured = 0 -- workspace/configuration requests answered
vim.lsp.handlers['workspace/configuration'] = function(...)
  local result = configuration(...)
  configured = configured + 1
  return result
end

-- Opens BITE_FILE, waits until the bite client is attached and the server has taken the settings, and checks
-- that it took them without complaint.
function H.open()
  vim.cmd.edit(vim.fn.fnameescape(H.env('BITE_FILE')))
  local buf = vim.api.nvim_get_current_buf()
  local client
  H.wait('the bite client on the buffer', function()
    client = vim.lsp.get_clients({ bufnr = buf, name = 'bite' })[1]
    return client ~= nil and client.initialized
  end)
  H.wait('the settings pulled', function()
    return configured > 0
  end)
  -- The server applies the answer on its next turn: after two round trips any complaint has arrived.
  H.request(client, buf, 'bite/status', {})
  H.request(client, buf, 'bite/status', {})
  H.check(not H.noted('setting ignored'), 'the server refused settings: ' .. vim.inspect(H.notes))
  return buf, client
end

-- The plugin set up on the scripted backend (one candidate, one level), BITE_FILE open and attached:
-- returns the buffer, the client and the buffer's text.
function H.open_scripted()
  require('bite').setup({
    python = H.env('BITE_PYTHON'),
    settings = { backend = 'scripted', model = H.env('BITE_REPLIES'), candidates = 1, depth = 1 },
  })
  local buf, client = H.open()
  return buf, client, H.text(buf)
end

-- Puts the cursor on the body of `name` (the line after its `def`).
function H.cursor_in(name)
  local line = vim.fn.search('def ' .. name, 'w')
  H.check(line > 0, 'no function ' .. name)
  vim.api.nvim_win_set_cursor(0, { line + 1, 4 })
end

function H.request(client, buf, method, params)
  local response = client:request_sync(method, params, 10000, buf)
  H.check(response and not response.err, method .. ' failed: ' .. vim.inspect(response))
  return response.result
end

function H.code_actions(client, buf)
  local params = vim.lsp.util.make_range_params(0, client.offset_encoding)
  params.context = { diagnostics = {} }
  local response = { result = H.request(client, buf, 'textDocument/codeAction', params) }
  local titles = {}
  for _, action in ipairs(response.result or {}) do
    table.insert(titles, action.title)
  end
  return titles
end

function H.find(list, pattern)
  for _, item in ipairs(list) do
    if item:find(pattern) then
      return item
    end
  end
end

function H.preview_buffer()
  for _, win in ipairs(vim.api.nvim_list_wins()) do
    local buf = vim.api.nvim_win_get_buf(win)
    if vim.bo[buf].filetype == 'diff' then
      return buf, win
    end
  end
end

-- Runs the scenario; exits 0 when it passes, else prints why and exits 1. Stops the servers first.
function H.run(scenario)
  local ok, err = xpcall(scenario, debug.traceback)
  if not ok then
    log('FAILED: ' .. tostring(err))
  else
    log('PASSED')
  end
  local clients = vim.lsp.get_clients()
  for _, client in ipairs(clients) do
    client:stop()
  end
  vim.wait(10000, function()
    for _, client in ipairs(clients) do
      if not client:is_stopped() then
        return false
      end
    end
    return true
  end, 20)
  os.exit(ok and 0 or 1)
end

return H
