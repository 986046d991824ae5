-- :BiteCancel mid-job, on both routes: the bite/accelerate request of :BiteAccelerate ($/cancelRequest), and the
-- job a code action started (command bite.cancel). The scripted backend takes 30 s per reply, so the jobs are
-- still generating when cancelled; the progress must end within seconds, and no proposal or edit may arrive.
local H = dofile(vim.fs.dirname(debug.getinfo(1, 'S').source:sub(2)) .. '/helpers.lua')

H.run(function()
  local buf, client, original = H.open_scripted()

  local function job_state()
    local status = H.request(client, buf, 'bite/status', {})
    return status.jobs[1] and status.jobs[1].state
  end

  -- Cancels once the job generates, then checks that it ended, cancelled, leaving nothing behind.
  local function cancel_while_generating(route)
    local seen = #H.progress
    H.wait(route .. ': the job generating', function()
      return H.progress_with('report', 'generating', seen) ~= nil
    end)
    local token = H.progress_with('report', 'generating', seen).token
    local titles = H.code_actions(client, buf)
    H.check(titles[1] == 'Cancel bite on `count_primes`', route .. ': the actions while running: ' .. vim.inspect(titles))

    local said, asked = H.count('^bite: cancelled$'), vim.uv.hrtime()
    vim.cmd('BiteCancel')
    H.wait(route .. ': the progress end', function()
      for i = seen + 1, #H.progress do
        if H.progress[i].token == token and H.progress[i].kind == 'end' then
          return true
        end
      end
    end)
    local seconds = (vim.uv.hrtime() - asked) / 1e9
    H.log(('%s: the progress ended %.2f s after :BiteCancel'):format(route, seconds))
    H.check(seconds < 5, route .. ': the job took too long to stop')
    H.check(H.progress_with('end', 'cancel', seen), route .. ': the progress end does not say cancelled')
    H.wait(route .. ': :BiteCancel saying so', function()
      return H.count('^bite: cancelled$') > said
    end)
    H.wait(route .. ': the job cancelled in bite/status', function()
      return job_state() == 'cancelled'
    end)

    titles = H.code_actions(client, buf)
    H.check(titles[1] == 'Accelerate `count_primes`' and not H.find(titles, '^Apply'),
      route .. ': the actions after cancelling: ' .. vim.inspect(titles))
    H.check(#H.choices == 0, route .. ': proposals were offered after cancelling')
    H.check(H.preview_buffer() == nil, route .. ': a preview opened after cancelling')
    H.check(H.text(buf) == original and not vim.bo[buf].modified, route .. ': the buffer changed')
  end

  H.cursor_in('count_primes')
  vim.cmd('BiteAccelerate')
  cancel_while_generating(':BiteAccelerate')

  -- A code action starts the job (resolved to the command bite.accelerate); :BiteCancel runs bite.cancel.
  H.cursor_in('count_primes')
  vim.lsp.buf.code_action({
    apply = true,
    filter = function(action)
      return action.title == 'Accelerate `count_primes`'
    end,
  })
  cancel_while_generating('code action')
end)
