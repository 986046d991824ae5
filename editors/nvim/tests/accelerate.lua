-- :BiteAccelerate end to end: attach, list the actions, run a job on the scripted backend with progress, preview
-- the diff, reject it, refuse it on a changed buffer, accept it; then :BiteStatus and :BiteBenchmark.
local H = dofile(vim.fs.dirname(debug.getinfo(1, 'S').source:sub(2)) .. '/helpers.lua')

H.run(function()
  local buf, client, original = H.open_scripted()
  H.cursor_in('count_primes')
  local titles = H.code_actions(client, buf)
  H.check(titles[1] == 'Accelerate `count_primes`', 'the actions are ' .. vim.inspect(titles))

  -- Runs :BiteAccelerate and waits for the preview of the picked proposal.
  local function accelerate_to_preview()
    local choices, notes = #H.choices, #H.notes
    vim.api.nvim_set_current_win(vim.fn.bufwinid(buf))
    H.cursor_in('count_primes')
    vim.cmd('BiteAccelerate')
    H.wait('the proposals', function()
      return #H.choices > choices or (#H.notes > notes and H.noted('no verified'))
    end)
    local proposals = H.choices[#H.choices]
    H.check(proposals and #proposals == 1, 'one proposal expected: ' .. vim.inspect(H.notes))
    H.check(proposals[1].speedup > 1.5, 'speedup ' .. proposals[1].speedup)
    H.check(proposals[1].title:find('^Apply: .* faster %(verified on 2 inputs%)$'), proposals[1].title)
    local preview = H.preview_buffer()
    H.check(preview ~= nil and vim.api.nvim_get_current_buf() == preview, 'the preview is not the current window')
    local diff = H.text(preview)
    H.check(diff:find('-    count = 0', 1, true) and diff:find('+    sieve = bytearray([1]) * n', 1, true),
      'the preview does not show the diff:\n' .. diff)
    H.check(not vim.bo[preview].modifiable and vim.bo[preview].buftype == 'nofile', 'the preview is not scratch')
    return preview
  end

  -- Progress: begin, reports of judged candidates, end; each shown with vim.notify.
  accelerate_to_preview()
  H.check(H.progress_with('begin', 'Accelerating `count_primes`'), 'no progress begin: ' .. vim.inspect(H.progress))
  H.check(H.progress_with('report', '1/1 judged'), 'no progress report: ' .. vim.inspect(H.progress))
  H.check(H.progress_with('end', '1 verified rewrite'), 'no progress end: ' .. vim.inspect(H.progress))
  H.check(H.noted('^Accelerating `count_primes`: 1/1 judged'), 'the progress was not notified')

  -- Reject: the preview closes, the buffer stays as it was.
  vim.api.nvim_feedkeys('r', 'x', false)
  H.check(H.preview_buffer() == nil, 'the preview is still open after r')
  H.check(H.text(buf) == original, 'r changed the buffer')
  H.check(H.noted('^bite: rejected Apply'), 'no word on the rejection')

  -- A change to the buffer after the job: accepting is refused.
  accelerate_to_preview()
  vim.api.nvim_buf_set_lines(buf, 0, 0, false, { '# an edit made while looking at the diff' })
  vim.api.nvim_feedkeys('a', 'x', false)
  H.check(H.noted('the buffer changed since bite measured this rewrite'), 'a stale edit was not refused')
  H.check(H.text(buf) == '# an edit made while looking at the diff\n' .. original, 'a stale edit was applied')
  vim.api.nvim_buf_set_lines(buf, 0, 1, false, {})

  -- Accept: the function, and only it, is replaced; the file on disk is untouched.
  accelerate_to_preview()
  vim.api.nvim_feedkeys('a', 'x', false)
  H.check(H.preview_buffer() == nil, 'the preview is still open after a')
  local text = H.text(buf)
  H.check(H.noted('^bite: applied Apply: '), 'no word on the edit')
  H.check(text:find('sieve = bytearray([1]) * n', 1, true) and not text:find('is_prime', 1, true),
    'the rewrite is not in the buffer:\n' .. text)
  local function outside(t) -- the text around count_primes
    local from, to = t:find('def count_primes', 1, true), t:find('\n\n\ndef main', 1, true)
    return t:sub(1, from) .. t:sub(to)
  end
  H.check(outside(text) == outside(original), 'the rest of the file changed:\n' .. text)
  H.check(vim.bo[buf].modified, 'the buffer should be modified, not saved')
  H.check(table.concat(vim.fn.readfile(H.env('BITE_FILE')), '\n') == original, 'the file on disk changed')

  vim.cmd('BiteStatus')
  H.wait('the status', function()
    return H.noted('^bite [%w.]+, model')
  end)
  H.check(H.noted('`count_primes` in .*: done, 1 proposal'), 'the status does not list the job')

  -- The buffer (with the rewrite) against the saved file: significantly faster, same output.
  vim.cmd('BiteBenchmark')
  H.wait('the benchmark verdict', function()
    return H.noted('^bite: the edit is')
  end)
  H.check(H.noted('^bite: the edit is [%d.]+× faster than the saved file .*: significantly'),
    'the benchmark verdict: ' .. vim.inspect(H.notes))
end)
