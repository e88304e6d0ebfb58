# The ClubDesk setup for Windows: the PyInstaller one-folder build, then Inno Setup around it.
#
#     powershell -ExecutionPolicy Bypass -File installers\windows\build.ps1
#
# Needs: the project's venv (py -3.12 -m venv .venv; .venv\Scripts\pip install -e ".[dev]")
# and Inno Setup 6.3 or newer (winget install JRSoftware.InnoSetup), whose ISCC.exe is found
# on PATH, in its default folders, or given with -Iscc.
#
# Environment (all optional):
#   CLUBDESK_PUBLIC_KEYS_DIR  the vendor's public lease keys (build.spec; a build without one
#                             can never activate, so -Release refuses to make it)
#   CLUBDESK_SIGNTOOL         a signtool command line without the file, for example
#                             signtool sign /fd sha256 /tr http://timestamp.digicert.com /td sha256 /a
#                             it signs clubdesk.exe, clubdesk-cli.exe, the setup and its uninstaller
#
# Result: dist\clubdesk\ (the program) and dist\clubdesk-VERSION-setup.exe.
param(
    [string]$Python = ".venv\Scripts\python.exe",
    [string]$Iscc = "",
    [switch]$Release  # stop when the build would carry no public lease key
)
$ErrorActionPreference = "Stop"
$Root = Resolve-Path (Join-Path $PSScriptRoot "..\..")
Set-Location $Root

function Invoke-Checked([string]$Program, [string[]]$Arguments) {
    & $Program @Arguments
    if ($LASTEXITCODE -ne 0) { throw "$Program failed (exit $LASTEXITCODE)" }
}

if ($Release) { $env:CLUBDESK_REQUIRE_PUBLIC_KEYS = "1" }
Invoke-Checked $Python @("-m", "PyInstaller", "--noconfirm", "--clean", "build.spec")
$Dist = Join-Path $Root "dist\clubdesk"
Invoke-Checked (Join-Path $Dist "clubdesk-cli.exe") @("--version")

# The version the build recorded (its dist-info, i.e. pyproject's [project].version): the one
# number the setup, its file name and the uninstall entry carry.
$Metadata = Get-ChildItem -Path (Join-Path $Dist "_internal") -Filter "clubdesk-*.dist-info" -Directory |
    Select-Object -First 1
if (-not $Metadata) { throw "no clubdesk-*.dist-info in $Dist\_internal" }
$Version = (Select-String -Path (Join-Path $Metadata.FullName "METADATA") -Pattern '^Version:\s*(.+)$' |
    Select-Object -First 1).Matches[0].Groups[1].Value.Trim()
# Windows file versions are four numbers: 0.1.0rc1 -> 0.1.0.0
$Numbers = @([regex]::Matches($Version, '^\d+(\.\d+){0,3}')[0].Value.Split(".")) + @("0", "0", "0")
$Numeric = ($Numbers[0..3] -join ".")

if (-not $Iscc) {
    $Found = Get-Command "iscc.exe" -ErrorAction SilentlyContinue
    $Candidates = @(
        $(if ($Found) { $Found.Source }),
        (Join-Path ${env:ProgramFiles(x86)} "Inno Setup 6\ISCC.exe"),
        (Join-Path $env:ProgramFiles "Inno Setup 6\ISCC.exe"),
        (Join-Path $env:LOCALAPPDATA "Programs\Inno Setup 6\ISCC.exe")
    ) | Where-Object { $_ -and (Test-Path $_) }
    if (-not $Candidates) { throw "ISCC.exe (Inno Setup 6) not found: install it or pass -Iscc" }
    $Iscc = @($Candidates)[0]
}

$Arguments = @("/DAppVersion=$Version", "/DAppVersionNumeric=$Numeric", "/DDistDir=$Dist",
               "/O$(Join-Path $Root 'dist')")
# build.spec renders the executable's icon into its work folder (build\build\clubdesk.ico).
$Icon = Join-Path $Root "build\build\clubdesk.ico"
if (Test-Path $Icon) { $Arguments += "/DIconFile=$Icon" }
if ($env:CLUBDESK_SIGNTOOL) {
    foreach ($Exe in @("clubdesk.exe", "clubdesk-cli.exe")) {
        Invoke-Expression "$env:CLUBDESK_SIGNTOOL `"$(Join-Path $Dist $Exe)`""
        if ($LASTEXITCODE -ne 0) { throw "signing $Exe failed" }
    }
    $Arguments += @("/DSign", "/Ssigntool=$env:CLUBDESK_SIGNTOOL `$f")
}
Invoke-Checked $Iscc ($Arguments + @((Join-Path $Root "installers\windows\clubdesk.iss")))
Write-Host "dist\clubdesk-$Version-setup.exe"
