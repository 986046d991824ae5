-- setup() with nothing but the server command: the server gets its defaults without complaint (an empty settings
-- table must not reach it as a JSON list), and the commands are there.
local H = dofile(vim.fs.dirname(debug.getinfo(1, 'S').source:sub(2)) .. '/helpers.lua')

H.run(function()
  require('bite').setup({ python = H.env('BITE_PYTHON') })
  for _, name in ipairs({ 'BiteAccelerate', 'BiteBenchmark', 'BiteCancel', 'BiteStatus' }) do
    H.check(vim.fn.exists(':' .. name) == 2, 'no command :' .. name)
  end
  local buf, client = H.open() -- checks that the settings were taken
  H.check(client.config.cmd[1] == H.env('BITE_PYTHON'), 'cmd ' .. vim.inspect(client.config.cmd))
  local status = H.request(client, buf, 'bite/status', {})
  H.check(status.settings.backend == 'llama' and status.settings.candidates == 4,
    'the default settings: ' .. vim.inspect(status.settings))
  H.check(status.model.state == 'not loaded', 'the model loaded: ' .. vim.inspect(status.model))
end)
