-- The plain LSP route with the plugin set up: vim.lsp.buf.code_action() runs "Accelerate", the server's progress
-- and message arrive, "Show diff" opens the diff (window/showDocument), and "Apply" picked from the
-- vim.ui.select menu applies the lazily resolved, versioned edit.
local H = dofile(vim.fs.dirname(debug.getinfo(1, 'S').source:sub(2)) .. '/helpers.lua')

local function titled(pattern)
  return function(action)
    return action.title:find(pattern) ~= nil
  end
end

H.run(function()
  local buf, client, original = H.open_scripted()
  H.cursor_in('count_primes')

  vim.lsp.buf.code_action({ apply = true, filter = titled('^Accelerate `count_primes`$') })
  H.wait('the job to end', function()
    return H.progress_with('end') ~= nil
  end)
  H.check(H.progress_with('begin', 'Accelerating `count_primes`'), 'no progress begin: ' .. vim.inspect(H.progress))
  H.check(H.progress_with('end', '1 verified rewrite'), 'no verified rewrite: ' .. vim.inspect(H.progress))
  H.wait("the server's message", function()
    return H.noted('^bite: 1 verified rewrite of `count_primes`')
  end)

  local titles = H.code_actions(client, buf)
  H.check(H.find(titles, '^Apply: .* faster %(verified on 2 inputs%)$') and H.find(titles, '^Show diff: '),
    'the actions after the job: ' .. vim.inspect(titles))

  -- Show diff: the server writes the diff and asks Neovim to show it.
  vim.lsp.buf.code_action({ apply = true, filter = titled('^Show diff: ') })
  H.wait('the diff shown', function()
    return vim.api.nvim_buf_get_name(0):find('%.diff$') ~= nil
  end)
  H.check(H.text(0):find('+    sieve = bytearray([1]) * n', 1, true), 'the diff shown:\n' .. H.text(0))
  vim.api.nvim_set_current_buf(buf)
  H.cursor_in('count_primes')

  -- Apply, picked from the menu of all actions as a user would.
  local offered
  H.choose = function(items)
    offered = vim.tbl_map(function(item)
      return item.action.title
    end, items)
    for i, item in ipairs(items) do
      if item.action.title:find('^Apply: ') then
        return i
      end
    end
  end
  vim.lsp.buf.code_action()
  H.wait('the edit', function()
    return H.text(buf) ~= original
  end)
  H.check(offered[1] == 'Accelerate `count_primes`', 'the menu: ' .. vim.inspect(offered))
  local text = H.text(buf)
  H.check(text:find('sieve = bytearray([1]) * n', 1, true) and not text:find('is_prime', 1, true),
    'the rewrite is not in the buffer:\n' .. text)
  H.check(table.concat(vim.fn.readfile(H.env('BITE_FILE')), '\n') == original, 'the file on disk changed')
end)
