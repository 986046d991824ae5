-- Neovim before 0.11 has no vim.lsp.config/enable: setup() then starts the client itself with vim.lsp.start on
-- FileType, finding the root by the markers. Simulated here by hiding the 0.11 functions.
local H = dofile(vim.fs.dirname(debug.getinfo(1, 'S').source:sub(2)) .. '/helpers.lua')

H.run(function()
  local folder = vim.fs.dirname(H.env('BITE_FILE'))
  vim.fn.mkdir(folder .. '/.git', 'p') -- a root marker
  vim.lsp.config, vim.lsp.enable = nil, nil
  require('bite').setup({
    python = H.env('BITE_PYTHON'),
    settings = { backend = 'scripted', model = H.env('BITE_REPLIES'), candidates = 3 },
  })
  local buf, client = H.open()
  H.check(client.root_dir == folder, 'root_dir ' .. tostring(client.root_dir) .. ', expected ' .. folder)
  H.cursor_in('count_primes')
  local titles = H.code_actions(client, buf)
  H.check(titles[1] == 'Accelerate `count_primes`', 'the actions are ' .. vim.inspect(titles))

  -- The settings reached the server through workspace/configuration.
  local status = H.request(client, buf, 'bite/status', {})
  H.check(status.settings.backend == 'scripted' and status.settings.candidates == 3,
    'the settings: ' .. vim.inspect(status.settings))

  -- A second buffer of the project shares the client.
  vim.cmd.edit(vim.fn.fnameescape(folder .. '/other.py'))
  H.wait('the client on the second buffer', function()
    return vim.lsp.get_clients({ bufnr = 0, name = 'bite' })[1] ~= nil
  end)
  H.check(#vim.lsp.get_clients({ name = 'bite' }) == 1, 'a second client started')
end)
