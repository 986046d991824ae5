-- bite for Neovim: starts `bite serve` for python/c/cpp/go/java buffers and adds :BiteAccelerate (a job for the
-- function at the cursor, then a diff preview to accept or reject), :BiteBenchmark, :BiteCancel and :BiteStatus.
-- The server's own code actions (vim.lsp.buf.code_action()) keep working alongside.
local M = {}

local defaults = {
  cmd = { 'bite', 'serve' },
  python = nil, -- a Python that has bite installed: the server is started as { python, '-m', 'bite', 'serve' }
  filetypes = { 'python', 'c', 'cpp', 'go', 'java' },
  root_markers = { 'bite.toml', 'pyproject.toml', '.git' },
  settings = {}, -- section `bite`, handed to the server: backend, model, candidates, depth, threshold, ...
  keys = { accept = 'a', reject = { 'r', 'q' } }, -- in the diff preview
  progress = true, -- show the server's progress with vim.notify (turn off when another plugin shows LspProgress)
}

M.config = vim.deepcopy(defaults)

local has_011 = vim.fn.has('nvim-0.11') == 1
local running = {} -- buffer -> { client_id, request_id } of its bite/accelerate request in flight
local tokens = 0

local function notify(message, level)
  vim.notify('bite: ' .. message, level or vim.log.levels.INFO)
end

-- 0.11 made client functions methods; older versions take the arguments without self.
local function request(client, method, params, handler, buf)
  if has_011 then
    return client:request(method, params, handler, buf)
  end
  return client.request(method, params, handler, buf)
end

local function cancel_request(client, id)
  if has_011 then
    return client:cancel_request(id)
  end
  return client.cancel_request(id)
end

local function client_for(buf)
  local client = vim.lsp.get_clients({ bufnr = buf, name = 'bite' })[1]
  if not client then
    notify('no bite server on this buffer (filetypes: ' .. table.concat(M.config.filetypes, ', ') .. ')',
      vim.log.levels.ERROR)
  end
  return client
end

local function execute(client, buf, command, arguments, on_result)
  request(client, 'workspace/executeCommand', { command = command, arguments = arguments }, function(err, result)
    if err then
      notify(err.message, vim.log.levels.ERROR)
    elseif on_result then
      on_result(result)
    end
  end, buf)
end

-- The server tells results and refusals with window/showMessage: route them through vim.notify, so that they
-- reach notification plugins and scripts like every other message of this plugin.
local message_levels = { vim.log.levels.ERROR, vim.log.levels.WARN, vim.log.levels.INFO, vim.log.levels.DEBUG }
local function show_message(_, params)
  vim.notify(params.message, message_levels[params.type] or vim.log.levels.INFO)
  return vim.NIL
end

-- Diff preview -------------------------------------------------------------------------------------------------

local function keylist(keys)
  return type(keys) == 'table' and keys or { keys }
end

-- Applies the proposal's edit, but only to the buffer text it was measured on.
local function accept(job, proposal)
  local buf = job.buf
  if not vim.api.nvim_buf_is_valid(buf) then
    notify('the buffer is gone: nothing applied', vim.log.levels.WARN)
    return
  end
  local change = proposal.edit.documentChanges and proposal.edit.documentChanges[1]
  local version = change and change.textDocument and change.textDocument.version
  local stale = vim.b[buf].changedtick ~= job.changedtick
    or (type(version) == 'number' and vim.lsp.util.buf_versions[buf] ~= version)
  if stale then
    notify('the buffer changed since bite measured this rewrite: nothing applied; run :BiteAccelerate again',
      vim.log.levels.WARN)
    return
  end
  local client = vim.lsp.get_client_by_id(job.client_id)
  vim.lsp.util.apply_workspace_edit(proposal.edit, client and client.offset_encoding or 'utf-16')
  notify('applied ' .. proposal.title)
end

function M.preview(job, proposal)
  vim.cmd('botright new')
  local buf, win = vim.api.nvim_get_current_buf(), vim.api.nvim_get_current_win()
  vim.bo[buf].buftype, vim.bo[buf].bufhidden, vim.bo[buf].swapfile = 'nofile', 'wipe', false
  pcall(vim.api.nvim_buf_set_name, buf, 'bite://' .. proposal.id .. '.diff')
  local keys = M.config.keys
  local help = ('# %s accept, %s reject'):format(table.concat(keylist(keys.accept), '/'),
    table.concat(keylist(keys.reject), '/'))
  local lines = { '# bite: ' .. proposal.title, help }
  vim.list_extend(lines, vim.split(proposal.diff, '\n', { trimempty = true }))
  vim.api.nvim_buf_set_lines(buf, 0, -1, false, lines)
  vim.bo[buf].modifiable, vim.bo[buf].filetype = false, 'diff'

  local function close()
    pcall(vim.api.nvim_win_close, win, true) -- (fails only if it is the last window: then it stays)
  end
  for _, key in ipairs(keylist(keys.accept)) do
    vim.keymap.set('n', key, function()
      close()
      accept(job, proposal)
    end, { buffer = buf, nowait = true, desc = 'bite: apply this rewrite' })
  end
  for _, key in ipairs(keylist(keys.reject)) do
    vim.keymap.set('n', key, function()
      close()
      notify('rejected ' .. proposal.title)
    end, { buffer = buf, nowait = true, desc = 'bite: reject this rewrite' })
  end
  return buf
end

-- Commands ----------------------------------------------------------------------------------------------------

local function pick(job, result)
  if result.state ~= 'done' or #result.proposals == 0 then
    notify(result.summary or result.state)
    return
  end
  local proposals = result.proposals
  table.sort(proposals, function(a, b)
    return a.speedup > b.speedup
  end)
  vim.ui.select(proposals, {
    prompt = ('bite: rewrites of `%s`'):format(result['function']),
    kind = 'bite.proposal',
    format_item = function(p)
      return ('%s (95%% CI %.2f-%.2f×)'):format(p.title, p.low, p.high)
    end,
  }, function(proposal)
    if proposal then
      M.preview(job, proposal)
    end
  end)
end

-- :BiteAccelerate: the custom request bite/accelerate, which $/cancelRequest stops (:BiteCancel).
function M.accelerate()
  local buf = vim.api.nvim_get_current_buf()
  local client = client_for(buf)
  if not client then
    return
  end
  if running[buf] and vim.lsp.get_client_by_id(running[buf].client_id) then -- (a stopped server answers nothing)
    notify('bite is already working on this buffer: :BiteCancel first', vim.log.levels.WARN)
    return
  end
  tokens = tokens + 1
  local params = vim.lsp.util.make_position_params(0, client.offset_encoding)
  params.workDoneToken = ('bite-nvim-%d'):format(tokens)
  -- The request sends pending changes first, so the server measures the text of this changedtick.
  local job = { buf = buf, client_id = client.id, changedtick = vim.b[buf].changedtick }
  local ok, id = request(client, 'bite/accelerate', params, function(err, result)
    running[buf] = nil
    if err then
      notify(err.message, vim.log.levels.ERROR)
    else
      pick(job, result)
    end
  end, buf)
  if ok then
    running[buf] = { client_id = client.id, request_id = id }
  end
end

-- :BiteCancel: stops this buffer's job, whether :BiteAccelerate or a code action started it.
function M.cancel()
  local buf = vim.api.nvim_get_current_buf()
  local job = running[buf]
  local client = job and vim.lsp.get_client_by_id(job.client_id)
  if client then
    running[buf] = nil
    cancel_request(client, job.request_id)
    notify('cancelled')
    return
  end
  client = client_for(buf)
  if client then
    execute(client, buf, 'bite.cancel', { vim.uri_from_bufnr(buf) }, function(result)
      notify(result and result.cancelled and 'cancelled' or 'no bite job runs on this buffer')
    end)
  end
end

-- :BiteBenchmark [saved|REV]: judges the buffer against the saved file (or git HEAD/REV). The server tells the
-- verdict with window/showMessage.
function M.benchmark(against)
  local buf = vim.api.nvim_get_current_buf()
  local client = client_for(buf)
  if client then
    local args = { textDocument = { uri = vim.uri_from_bufnr(buf) } }
    if against and against ~= '' then
      args.against = against
    end
    execute(client, buf, 'bite.benchmark', { args })
  end
end

function M.status()
  local buf = vim.api.nvim_get_current_buf()
  local client = client_for(buf)
  if not client then
    return
  end
  request(client, 'bite/status', {}, function(err, s)
    if err then
      notify(err.message, vim.log.levels.ERROR)
      return
    end
    local lines = { ('bite %s, model %s%s, backend %s, %s'):format(s.version, s.model.state,
      s.model.detail ~= vim.NIL and s.model.detail ~= '' and (' (' .. s.model.detail .. ')') or '',
      s.settings.backend, s.busy and 'busy' or 'idle') }
    for _, j in ipairs(s.jobs) do
      table.insert(lines, ('  `%s` in %s: %s, %d proposal(s)'):format(j['function'], vim.uri_to_fname(j.uri),
        j.state, j.proposals))
    end
    vim.notify(table.concat(lines, '\n'), vim.log.levels.INFO)
  end, buf)
end

-- Setup -------------------------------------------------------------------------------------------------------

local function on_progress(ev)
  local client = vim.lsp.get_client_by_id(ev.data.client_id)
  local value = ev.data.params.value
  if not (client and client.name == 'bite' and type(value) == 'table') then
    return
  end
  local text = value.title or 'bite'
  if value.message then
    text = text .. ': ' .. value.message
  elseif value.kind == 'end' then
    text = text .. ': done'
  end
  vim.notify(text, vim.log.levels.INFO)
end

local function root_dir(buf, markers)
  if vim.fs.root then
    return vim.fs.root(buf, markers)
  end
  local found = vim.fs.find(markers, { upward = true, path = vim.fs.dirname(vim.api.nvim_buf_get_name(buf)) })[1]
  return found and vim.fs.dirname(found)
end

function M.setup(opts)
  opts = opts or {}
  M.config = vim.tbl_extend('force', vim.deepcopy(defaults), opts)
  M.config.keys = vim.tbl_extend('force', defaults.keys, opts.keys or {})
  local cmd = opts.python and { vim.fn.expand(opts.python), '-m', 'bite', 'serve' } or M.config.cmd
  local server = {
    cmd = cmd,
    filetypes = M.config.filetypes,
    root_markers = M.config.root_markers,
    -- An empty Lua table would go out as a JSON list, which the server refuses: send {} instead.
    settings = { bite = next(M.config.settings) and M.config.settings or vim.empty_dict() },
    handlers = { ['window/showMessage'] = show_message },
  }

  local group = vim.api.nvim_create_augroup('bite', { clear = true })
  if vim.lsp.config and vim.lsp.enable then
    vim.lsp.config('bite', server)
    vim.lsp.enable('bite')
  else -- before 0.11: start (or reuse) the client per buffer
    vim.api.nvim_create_autocmd('FileType', {
      group = group,
      pattern = M.config.filetypes,
      callback = function(ev)
        local config = vim.tbl_extend('force', { name = 'bite', root_dir = root_dir(ev.buf, server.root_markers) },
          server)
        vim.lsp.start(config, { bufnr = ev.buf })
      end,
    })
  end
  if M.config.progress then
    vim.api.nvim_create_autocmd('LspProgress', { group = group, callback = on_progress })
  end

  vim.api.nvim_create_user_command('BiteAccelerate', M.accelerate,
    { desc = 'bite: accelerate the function at the cursor' })
  vim.api.nvim_create_user_command('BiteCancel', M.cancel, { desc = "bite: cancel this buffer's job" })
  vim.api.nvim_create_user_command('BiteBenchmark', function(c)
    M.benchmark(c.args)
  end, { nargs = '?', desc = 'bite: benchmark the buffer against the saved file, or a git revision' })
  vim.api.nvim_create_user_command('BiteStatus', M.status, { desc = 'bite: server, model and jobs' })
end

return M
